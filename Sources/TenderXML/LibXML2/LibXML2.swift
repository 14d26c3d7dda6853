internal import CLibXML2
import Foundation
import Synchronization

/// Process-wide libxml2 set-up, done once before any parse: `xmlInitParser`, silenced generic error
/// output, and an external-entity loader that refuses everything except the schema files
/// TenderTrail ships.
enum LibXML2 {
    /// Directories whose files the entity loader may open: the roots of compiled schema sets.
    /// Instance documents never reach the loader (their DOCTYPE is refused before any entity is
    /// declared), so in practice only `xs:include`/`xs:import` of shipped schemas use it.
    static let trustedSchemaRoots = Mutex<[String]>([])

    /// URLs the loader refused, most recent last (bounded), for tests and diagnostics.
    static let refusedLoads = Mutex<[String]>([])

    private static let initialization: Void = {
        xmlInitParser()
        clibxml2_silence_generic_errors()
        xmlSetExternalEntityLoader { url, _, context in
            LibXML2.loadTrustedSchemaFile(url: url, context: context)
        }
    }()

    /// Initialises libxml2 once per process and silences generic error output on this thread.
    static func prepare() {
        _ = initialization
        clibxml2_silence_generic_errors()
    }

    /// Adds a directory whose files (after resolving symbolic links and `..`) the loader may open.
    static func trust(schemaRoot: URL) {
        let resolved = schemaRoot.resolvingSymlinksInPath().standardizedFileURL.path
        trustedSchemaRoots.withLock { roots in
            if !roots.contains(resolved) { roots.append(resolved) }
        }
    }

    /// The external-entity loader: opens `url` only when it is a local file inside a trusted schema
    /// root; everything else (http, ftp, other files) is refused and recorded.
    private static func loadTrustedSchemaFile(
        url: UnsafePointer<CChar>?,
        context: xmlParserCtxtPtr?
    ) -> xmlParserInputPtr? {
        guard let url else { return nil }
        let text = String(cString: url)
        var path: String?
        if text.hasPrefix("file://") {
            path = URL(string: text)?.path
        } else if !text.contains("://") {
            path = text
        }
        if let path {
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
            let allowed = trustedSchemaRoots.withLock { roots in
                roots.contains { resolved.hasPrefix($0 + "/") }
            }
            if allowed {
                return resolved.withCString { xmlNewInputFromFile(context, $0) }
            }
        }
        refusedLoads.withLock { refused in
            refused.append(text)
            if refused.count > 64 { refused.removeFirst(refused.count - 64) }
        }
        return nil
    }

    /// The parser options, from the one C function that defines them.
    static var secureParseOptions: Int32 { clibxml2_secure_parse_options() }

    /// The options that must never be set.
    static var forbiddenParseOptions: Int32 { clibxml2_forbidden_parse_options() }
}

/// The secure parser policy, exposed so tests can assert it in one place.
public enum XMLParserPolicy {
    /// The libxml2 option bits TenderTrail passes to every parse (`XML_PARSE_NONET`,
    /// `XML_PARSE_BIG_LINES`, `XML_PARSE_NOCDATA`).
    public static var parseOptions: Int32 { LibXML2.secureParseOptions }
    /// The option bits that must never be among ``parseOptions`` (`XML_PARSE_NOENT`,
    /// `XML_PARSE_DTDLOAD`, `XML_PARSE_DTDATTR`, `XML_PARSE_DTDVALID`, `XML_PARSE_HUGE`,
    /// `XML_PARSE_XINCLUDE`, `XML_PARSE_RECOVER`).
    public static var forbiddenOptions: Int32 { LibXML2.forbiddenParseOptions }
    /// `XML_PARSE_NONET`, which must be among ``parseOptions``.
    public static var noNetworkOption: Int32 { Int32(XML_PARSE_NONET.rawValue) }
    /// URLs the external-entity loader has refused in this process (the last 64), newest last.
    public static var refusedLoads: [String] { LibXML2.refusedLoads.withLock { $0 } }
    /// The version of libxml2 in use, e.g. `20914` for 2.9.14.
    public static var libraryVersion: Int { Int(LIBXML_VERSION) }
}
