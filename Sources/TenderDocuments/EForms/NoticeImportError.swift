/// Why an evaluation plan could not be imported from a notice that was read successfully.
///
/// Everything else the import finds (weights that are not exact, failed business rules, a missing
/// deadline) does not stop it: it is recorded as an `ImportNote` in the plan's source.
public enum NoticeImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The notice has no lot or group of lots with this ID. `available` lists the IDs it has, in
    /// document order (empty when it has none).
    case unknownLot(String, available: [String])
    /// No plan identifier (`[A-Za-z0-9][A-Za-z0-9._-]{0,99}`) can be derived from the notice ID
    /// and lot ID because the lot ID has no ASCII letter or digit (plans of different lots would
    /// get the same identifier).
    case planIDNotDerivable(noticeID: String?, lot: String)
    /// Every lot was asked for (`--all-lots`), but the notice has no lot or group of lots.
    case noLots

    /// `error: …` with what was asked for and what exists.
    public var description: String {
        switch self {
        case let .unknownLot(lot, available) where available.isEmpty:
            "error: the notice has no lot or group of lots \"\(lot)\"; it has none (no <cac:ProcurementProjectLot>"
                + " whose <cbc:ID> has schemeName Lot or LotsGroup)"
        case let .unknownLot(lot, available):
            "error: the notice has no lot or group of lots \"\(lot)\"; it has "
                + EFormsText.list(available)
        case let .planIDNotDerivable(noticeID, lot):
            "error: no plan identifier can be derived from notice ID \"\(noticeID ?? "")\" and lot \"\(lot)\":"
                + " the lot ID contains no ASCII letter or digit"
        case .noLots:
            "error: the notice has no lot or group of lots (no <cac:ProcurementProjectLot> whose <cbc:ID> has"
                + " schemeName Lot or LotsGroup)"
        }
    }
}
