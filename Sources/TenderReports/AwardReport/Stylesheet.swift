/// The award report's style sheet, inline in the page's `<style>`: fluid for phones, with a print
/// style sheet. It uses no `<`, `>` or `&`, which an HTML parser would not unescape inside `<style>`.
enum Stylesheet {
    static let css = """

        :root { --ink: #1d2733; --muted: #5b6672; --rule: #d5dbe1; --accent: #17406b; --pale: #eef2f6; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #ffffff; line-height: 1.5;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header.report { background: var(--accent); color: #ffffff; padding: 1.5rem 1rem 1.25rem; }
        header.report h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.25rem 0 0.5rem; max-width: 72rem; }
        header.report p { margin: 0; max-width: 72rem; }
        header.report .kicker { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem; opacity: 0.85; }
        header.report .facts { font-size: 0.9rem; opacity: 0.9; }
        @media (min-width: 76rem) { header.report h1, header.report p { margin-left: auto; margin-right: auto; } }
        main { max-width: 72rem; margin: 0 auto; padding: 0 1rem 3rem; }
        h2 { font-size: 1.3rem; color: var(--accent); border-bottom: 2px solid var(--accent);
          padding-bottom: 0.2rem; margin: 2.25rem 0 0.75rem; }
        h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
        h4 { font-size: 1rem; margin: 1.25rem 0 0.4rem; }
        p, li { overflow-wrap: anywhere; }
        nav.toc { background: var(--pale); border-radius: 6px; padding: 0.5rem 1rem; margin: 1rem 0; font-size: 0.9rem; }
        nav.toc ol { margin: 0; padding-left: 1.25rem; columns: 2 14rem; }
        a { color: var(--accent); }
        .lead { font-size: 1.1rem; font-weight: 600; }
        .note { color: var(--muted); font-size: 0.9rem; }
        .verdict { padding: 0.6rem 1rem; border-left: 5px solid; border-radius: 4px; font-weight: 600; }
        .verdict-ok { background: #e7f4ea; border-color: #2e7d32; color: #1b5e20; }
        .verdict-fail { background: #fdecea; border-color: #c62828; color: #8e1c1c; }
        .table-scroll { overflow-x: auto; margin: 0.75rem 0 1rem; border: 1px solid var(--rule); border-radius: 4px;
          -webkit-overflow-scrolling: touch; }
        table { border-collapse: collapse; width: 100%; font-size: 0.875rem; }
        thead tr:first-child th { border-top: none; }
        table.wide { min-width: 46rem; }
        .table-block { margin: 0.75rem 0 1rem; }
        .table-block .table-scroll { margin-top: 0; border-top-left-radius: 0; border-top-right-radius: 0; }
        p.caption { margin: 0; font-weight: 600; font-size: 0.875rem; padding: 0.45rem 0.6rem; background: var(--pale);
          border: 1px solid var(--rule); border-bottom: none; border-radius: 4px 4px 0 0; }
        th, td { padding: 0.35rem 0.6rem; border-top: 1px solid var(--rule); text-align: left; vertical-align: top; }
        th { background: #f7f9fb; font-weight: 600; }
        td:first-child, th:first-child { white-space: nowrap; }
        td.name { min-width: 11rem; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.78rem;
          word-break: break-all; }
        td.hash { min-width: 14rem; }
        td.pass, p.pass { color: #1b5e20; }
        td.fail, p.fail { color: #8e1c1c; font-weight: 600; }
        td.moderated { color: #a93226; font-weight: 600; }
        figure.chart-figure { margin: 1rem 0; }
        figure.chart-figure figcaption { color: var(--muted); font-size: 0.85rem; }
        svg.chart { display: block; width: 100%; height: auto; }
        ul.legend { list-style: none; padding: 0; margin: 0.25rem 0 1rem; display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem;
          font-size: 0.875rem; }
        ul.legend span { display: inline-block; width: 0.9rem; height: 0.9rem; margin-right: 0.35rem;
          vertical-align: -0.1rem; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        ul.legend span.dot { border-radius: 50%; }
        ul.legend span.diamond { transform: rotate(45deg) scale(0.8); }
        ul.legend span.hollow { border: 2px solid var(--ink); background: transparent; }
        @media print {
          body { font-size: 10pt; }
          header.report { background: none; color: #000000; padding: 0 0 0.5rem; border-bottom: 2px solid #000000; }
          nav.toc { display: none; }
          main { max-width: none; padding: 0; }
          .table-scroll { overflow: visible; border: none; }
          table.wide { min-width: 0; }
          h2, h3, h4, p.caption { break-after: avoid; page-break-after: avoid; }
          tr, figure, .verdict, p.caption { break-inside: avoid; page-break-inside: avoid; }
          svg.chart, .verdict, th, p.caption { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; text-decoration: none; }
        }

        """
}
