public import Foundation

/// Helpers shared by TenderTrail's test targets.
public enum TestSupport {
    /// The package's root folder (found from this file's path at compile time).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// A fresh empty temporary folder, removed by the caller when done (or left for inspection).
    public static func temporaryFolder(_ name: String = "tendertrail") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies a folder (e.g. a shipped case from `tenders/`) into a fresh temporary folder and
    /// returns the copy's URL.
    public static func copyOfFolder(_ source: URL, name: String = "case") throws -> URL {
        let parent = try temporaryFolder(name)
        let destination = parent.appendingPathComponent(source.lastPathComponent, isDirectory: true)
        try FileManager.default.copyItem(at: source, to: destination)
        return destination
    }

    /// Writes UTF-8 text to `relativePath` under `folder`, creating folders as needed.
    public static func write(_ text: String, to relativePath: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Reads a file as UTF-8 text.
    public static func read(_ relativePath: String, in folder: URL) throws -> String {
        String(decoding: try Data(contentsOf: folder.appendingPathComponent(relativePath)), as: UTF8.self)
    }

    /// The line and column (1-based, in Unicode scalars) of the first occurrence of `marker` in
    /// `text`, and the text with the marker removed: a fixture's expected error position.
    public static func position(of marker: String, in text: String) -> (line: Int, column: Int, text: String)? {
        guard let range = text.range(of: marker) else { return nil }
        let before = text[..<range.lowerBound]
        let line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        let lastLine = before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        return (line, lastLine.unicodeScalars.count + 1, text.replacingCharacters(in: range, with: ""))
    }
}

/// The result of running a process.
public struct ProcessOutput: Sendable {
    /// The exit status.
    public var status: Int32
    /// Standard output as UTF-8.
    public var standardOutput: String
    /// Standard error as UTF-8.
    public var standardError: String
}

extension TestSupport {
    /// The built `tender` executable (in the same build folder as the tests).
    public static var tenderExecutable: URL {
        let bundle = Bundle.main.bundleURL
        var folder = bundle
        // Tests run from <build>/debug/TenderTrailPackageTests.xctest (Linux: a binary in <build>/debug).
        while folder.pathComponents.count > 1 {
            let candidate = folder.appendingPathComponent("tender")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue
            {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/tender")
    }

    /// Runs `tender` with `arguments` in `directory`, returning its status and output.
    public static func runTender(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws
        -> ProcessOutput
    {
        try run(tenderExecutable, arguments, in: directory, environment: environment)
    }

    /// Runs a program, returning its status and output.
    public static func run(
        _ executable: URL, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    )
        throws -> ProcessOutput
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        errData = error.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus,
            standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a shell command line with `/bin/sh -c`.
    public static func shell(_ command: String, in directory: URL? = nil) throws -> ProcessOutput {
        try run(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: directory)
    }
}
