import Foundation
import TenderDocuments
import TenderModel

/// `inputs-are-valid`: every input reads, validates against its schema and can be evaluated.
struct InputsAreValid: TrailCheck {
    let id = "inputs-are-valid"
    let statement = "Every input file is valid and the case can be evaluated"
    let source = "ins-audit"
    let prerequisites = ["trail-is-present"]

    func check(_ context: VerificationContext) -> CheckOutcome {
        switch context.evaluation {
        case .success: return .passed(notes: [])
        case let .failure(error):
            let lines = error.description.split(separator: "\n").map(String.init)
            return .failed(
                lines.map { line in
                    if let range = line.range(of: ": error: ") {
                        return Finding(
                            location: String(line[..<range.lowerBound]), message: String(line[range.upperBound...]))
                    }
                    return Finding(location: context.folder.displayPath, message: line)
                })
        }
    }
}
