import ArgumentParser
import Foundation
import TenderDocuments
import TenderReports

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--format text|json` and `--quiet`, for every command that prints results.
///
/// Text is for people: aligned, coloured only on a terminal (never with `NO_COLOR`), with a
/// progress line on standard error while a large case is read. JSON is for scripts: one versioned
/// document on standard output (docs/json-output.md), never coloured. `--quiet` prints nothing on
/// standard output and no progress; errors and warnings still go to standard error and the exit
/// code is unchanged.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "text (default) or json (one versioned JSON document on standard output, for scripts).")
    var format: Format = .text

    @OptionGroup var quietness: QuietOption

    var quiet: Bool { quietness.quiet }

    func validate() throws {
        if quiet, format == .json { throw ValidationError("--quiet and --format json cannot be combined") }
    }

    /// Prints the result: `text()` (styled for standard output) or `json()`, or nothing with `--quiet`.
    func print(text: (TerminalStyle) -> String, json: () -> String) {
        guard !quiet else { return }
        switch format {
        case .text: Console.out(text(Console.style))
        case .json: Console.json(json())
        }
    }

    /// Prints a line of text output (nothing with `--quiet` or `--format json`).
    func say(_ line: String) {
        if !quiet, format == .text { Console.out(line) }
    }

    /// `folder` with a progress line on standard error while it is read (see ``QuietOption``).
    func showingProgress(_ folder: CaseFolder) -> CaseFolder { quietness.showingProgress(folder) }
}

/// `--quiet` alone, for commands whose result is a file they write (`export`, `pack`, `key generate`):
/// their `--format`, where they have one, names what they write.
struct QuietOption: ParsableArguments {
    @Flag(
        name: [.short, .long],
        help: "Print nothing on standard output (errors and warnings still go to standard error; the exit code tells).")
    var quiet = false

    /// Prints `line` unless `--quiet` is given.
    func say(_ line: String) {
        if !quiet { Console.out(line) }
    }

    /// `folder` with a progress line on standard error while it is read, when standard error is a
    /// terminal and `--quiet` is not given.
    func showingProgress(_ folder: CaseFolder) -> CaseFolder {
        guard !quiet, isatty(STDERR_FILENO) == 1 else { return folder }
        var folder = folder
        folder.progress = ProgressLine.onStandardError(title: "Reading \(folder.displayPath)").observer
        return folder
    }
}
