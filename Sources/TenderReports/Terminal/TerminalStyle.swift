#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whether text for a terminal is coloured, and the colours of what TenderTrail prints.
///
/// Colour is for people at a terminal only: it is on when the stream is a terminal (`isatty`),
/// `NO_COLOR` is unset or empty (https://no-color.org: "should prevent the addition of ANSI color"
/// when present and not empty; nothing overrides it) and `TERM` is not `dumb`. Files, pipes and
/// CI logs get plain text. Colours are ECMA-48 SGR sequences (`ESC [ n m`), written around text
/// already padded, so they never change alignment.
///
/// The few SGR codes are written here rather than through a styling library: what matters is the
/// decision above, and the libraries at hand decide it differently (letting `FORCE_COLOR` override
/// `NO_COLOR`) through process-wide mutable settings.
public struct TerminalStyle: Equatable, Sendable {
    /// What a piece of text means, which decides its colour.
    public enum Role: Sendable {
        /// A pass, a ranked bid, a verified case: green.
        case good
        /// A failure, an exclusion, a case that does not verify: red.
        case bad
        /// A warning, a skipped check, a tie or a flag: yellow.
        case caution
        /// What to read first (the winner's row, a verdict): bold.
        case emphasis
        /// Secondary detail (notes): dim.
        case secondary

        var sgr: String {
            switch self {
            case .good: "32"
            case .bad: "31"
            case .caution: "33"
            case .emphasis: "1"
            case .secondary: "2"
            }
        }
    }

    /// Whether colour is written.
    public var colour: Bool

    /// Creates a style.
    public init(colour: Bool) { self.colour = colour }

    /// Plain text, never coloured.
    public static let plain = TerminalStyle(colour: false)

    /// The style for the stream `fileDescriptor` (1 for standard output) in `environment`: colour
    /// only on a terminal, without a non-empty `NO_COLOR`, and with a `TERM` other than `dumb`.
    public static func forStream(_ fileDescriptor: Int32, environment: [String: String]) -> TerminalStyle {
        TerminalStyle(
            colour: decideColour(isTerminal: isatty(fileDescriptor) == 1, environment: environment))
    }

    /// The decision of ``forStream(_:environment:)`` for a stream that is or is not a terminal.
    public static func decideColour(isTerminal: Bool, environment: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// `text` in the colour of `role` (unchanged without colour, or for `nil` or empty text).
    public func apply(_ role: Role?, to text: String) -> String {
        guard colour, let role, !text.isEmpty else { return text }
        return "\u{1B}[\(role.sgr)m\(text)\u{1B}[0m"
    }
}
