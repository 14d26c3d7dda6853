import Foundation
import TestSupport
import Testing

/// The award report as a browser draws it: `tender report` on a copy of the shipped case, then
/// Debian's headless Chromium takes a screenshot at desktop and phone width, and Python's Pillow
/// checks that it is neither blank nor unstyled and that the charts are drawn in their colours.
///
/// Needs `chromium` and `python3` with Pillow (`apt-get install chromium`, `pip install pillow`; see
/// README, Prerequisites). A missing tool fails the test with a message saying what to install.
/// `RECORD_SCREENSHOTS=1` also copies the screenshots to docs/images/ (award-report.png and
/// award-report-phone.png).
@Suite("tender report in Chromium")
struct ReportScreenshotTests {
    /// The colours checked, as the style sheet and the charts use them.
    static let colours = [
        "header": "#17406b",  // the header band and headings (CSS only: missing from an unstyled page)
        "verdict": "#e7f4ea",  // the verified banner (CSS only)
        "AC-1": "#1f5f99",  // chart (a): Methodology and approach; chart (b): the evaluators' dots
        "AC-2": "#e07b24",  // chart (a): Fair working practices
        "AC-3": "#2f8f4e",  // chart (a): Community benefits offered
        "AC-5": "#c0392b",  // chart (a): Price; chart (b): moderated scores
    ]

    /// Counts non-white pixels, distinct colours and pixels near each of `colours` (±8 per channel).
    static let measure = """
        import json, sys
        from PIL import Image
        image = Image.open(sys.argv[1]).convert('RGB')
        width, height = image.size
        colours = image.getcolors(maxcolors=width * height)
        nonwhite = sum(count for count, rgb in colours if rgb != (255, 255, 255))
        targets = {name: tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))
                   for name, value in json.loads(sys.argv[2]).items()}
        near = lambda rgb, target: all(abs(a - b) <= 8 for a, b in zip(rgb, target))
        counts = {name: sum(count for count, rgb in colours if near(rgb, target)) for name, target in targets.items()}
        print(json.dumps({'width': width, 'height': height, 'nonwhite': nonwhite / (width * height),
                          'distinct': len(colours), 'colours': counts}))
        """

    struct Measurement: Decodable {
        var width: Int
        var height: Int
        var nonwhite: Double
        var distinct: Int
        var colours: [String: Int]
    }

    /// The Chromium executable, or `nil` with the reason.
    static func chromium() throws -> String? {
        let found = try TestSupport.shell("command -v chromium || command -v chromium-browser")
        let path = found.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        return found.status == 0 && !path.isEmpty ? path : nil
    }

    @Test(
        "The report renders in Chromium at desktop and phone width: styled, not blank, charts in their colours",
        arguments: [(width: 1280, name: "award-report.png"), (width: 390, name: "award-report-phone.png")])
    func screenshot(_ viewport: (width: Int, name: String)) throws {
        guard let chromium = try Self.chromium() else {
            Issue.record("chromium is not installed: apt-get install chromium (README, Prerequisites)")
            return
        }
        guard try TestSupport.shell("python3 -c 'import PIL' 2>&1").status == 0 else {
            Issue.record("python3 cannot import PIL: pip install pillow (README, Prerequisites)")
            return
        }
        let folder = try CLIHarness.shippedCaseCopy()
        let report = try CLIHarness.tender("report", folder.path)
        #expect(report.status == 0, "\(report.standardError)")
        let page = folder.appendingPathComponent("reports/award-report.html")
        let work = try TestSupport.temporaryFolder("report-screenshot")
        let png = work.appendingPathComponent(viewport.name)
        // A profile of its own, so that the two widths can run at once; `timeout` so a hung browser fails.
        let run = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/timeout"),
            [
                "120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=\(work.appendingPathComponent("profile").path)", "--screenshot=\(png.path)",
                "--window-size=\(viewport.width),3000", page.absoluteURL.absoluteString,
            ])
        guard FileManager.default.fileExists(atPath: png.path) else {
            Issue.record("chromium wrote no screenshot (exit \(run.status)): \(run.standardError)")
            return
        }
        let colours = String(decoding: try JSONEncoder().encode(Self.colours), as: UTF8.self)
        let measured = try TestSupport.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.measure, png.path, colours])
        #expect(measured.status == 0, "\(measured.standardError)")
        let measurement = try JSONDecoder().decode(Measurement.self, from: Data(measured.standardOutput.utf8))
        #expect(measurement.width == viewport.width && measurement.height == 3000)
        // A blank page has 0 non-white pixels and one colour; text alone (unstyled) covers about 10 %.
        #expect(measurement.nonwhite > 0.15, "non-white fraction \(measurement.nonwhite)")
        #expect(measurement.distinct > 500, "distinct colours \(measurement.distinct)")
        // The header band (at least 100 pixels tall across the page) and the verified banner come from the
        // style sheet: an unstyled page has almost none of either.
        #expect(measurement.colours["header", default: 0] > viewport.width * 100, "\(measurement.colours)")
        #expect(measurement.colours["verdict", default: 0] > viewport.width * 20, "\(measurement.colours)")
        // Chart (a), near the top: every criterion with weighted points is drawn in its colour.
        #expect(measurement.colours["AC-1", default: 0] > 1000, "\(measurement.colours)")
        #expect(measurement.colours["AC-2", default: 0] > 300, "\(measurement.colours)")
        #expect(measurement.colours["AC-3", default: 0] > 150, "\(measurement.colours)")
        #expect(measurement.colours["AC-5", default: 0] > 5000, "\(measurement.colours)")
        if ProcessInfo.processInfo.environment["RECORD_SCREENSHOTS"] == "1" {
            let target = TestSupport.packageRoot.appendingPathComponent("docs/images/\(viewport.name)")
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            _ = try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: png, to: target)
        }
    }
}
