import Foundation
import TenderModel
import TenderXML

/// The namespace URIs of eForms notices (UBL 2.3 plus the eForms extension), matched by URI and
/// never by prefix: real notices bind the root namespace as the default namespace or to `urn:`,
/// and some declare extra, unused prefixes.
enum EFormsNamespace {
    /// UBL common aggregate components (`cac:`).
    static let cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    /// UBL common basic components (`cbc:`).
    static let cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    /// UBL extension components (`ext:`).
    static let ext = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
    /// The eForms extension root (`efext:EformsExtension`).
    static let efext = "http://data.europa.eu/p27/eforms-ubl-extensions/1"
    /// eForms extension aggregate components (`efac:`).
    static let efac = "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
    /// eForms extension basic components (`efbc:`).
    static let efbc = "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"

    /// The root elements this importer reads, each in its own UBL 2.3 main-document namespace.
    static let roots = ["ContractNotice", "ContractAwardNotice", "PriorInformationNotice"]

    /// `urn:oasis:names:specification:ubl:schema:xsd:<root>-2`.
    static func root(_ localName: String) -> String {
        "urn:oasis:names:specification:ubl:schema:xsd:\(localName)-2"
    }
}

/// Navigation over an eForms element tree by namespace URI and local name.
extension XMLElement {
    /// Element children `cac:<name>`.
    func eformsCAC(_ name: String) -> [XMLElement] { children(name, namespace: EFormsNamespace.cac) }

    /// Element children `cbc:<name>`.
    func eformsCBC(_ name: String) -> [XMLElement] { children(name, namespace: EFormsNamespace.cbc) }

    /// Follows a path of `(namespace, localName)` steps, keeping every match at each step, in
    /// document order.
    func eformsPath(_ steps: [(String, String)]) -> [XMLElement] {
        var current = [self]
        for (namespace, name) in steps {
            current = current.flatMap { $0.children(name, namespace: namespace) }
        }
        return current
    }

    /// The `efext:EformsExtension` elements under `ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent`.
    var eformsExtensions: [XMLElement] {
        eformsPath([
            (EFormsNamespace.ext, "UBLExtensions"), (EFormsNamespace.ext, "UBLExtension"),
            (EFormsNamespace.ext, "ExtensionContent"), (EFormsNamespace.efext, "EformsExtension"),
        ])
    }
}

/// Numbers as eForms writes them: `xs:decimal` lexical forms (`40`, `20.0`, `+5`, `.5`, `5.`),
/// after the schema has checked them. Converted exactly, never through `Double`.
enum EFormsNumber {
    /// The strict form `-?[0-9]+(\.[0-9]+)?` of an `xs:decimal` literal (sign `+` dropped, a bare
    /// `.5` written `0.5`, a trailing `.` dropped), or `nil` if `text` is not an `xs:decimal`.
    static func strictText(_ text: String) -> String? {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var sign = ""
        if body.first == "+" {
            body = body.dropFirst()
        } else if body.first == "-" {
            sign = "-"
            body = body.dropFirst()
        }
        if body.hasPrefix(".") { body = "0" + body }
        if body.hasSuffix(".") { body = body.dropLast() }
        let strict = sign + body
        return DecimalText.isStrictDecimal(strict) ? strict : nil
    }

    /// The exact value of an `xs:decimal` literal, or `nil`.
    static func rational(_ text: String) -> Rational? {
        strictText(text).flatMap { DecimalText.parse($0) }
    }

    /// The `Decimal` of an `xs:decimal` literal with at most 38 significant digits, or `nil`.
    static func decimal(_ text: String) -> Decimal? {
        strictText(text).flatMap { DecimalText.decimal($0) }
    }
}

/// Text of one language version (eForms `languageID`, a three-letter EU code such as `ENG`).
enum EFormsText {
    /// The text in `language`, else in English, else in the alphabetically first language; `nil`
    /// when there is no text at all. Deterministic: never depends on document order.
    static func pick(_ texts: [String: String], language: String?) -> String? {
        if let language, let text = texts[language] { return text }
        if let text = texts["ENG"] { return text }
        return texts.keys.sorted().first.flatMap { texts[$0] }
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + (items.last ?? "")
        }
    }
}
