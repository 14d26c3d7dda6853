import EvidenceTrail
import Foundation
import TenderModel

/// The system clock, read only here: whole seconds with the machine's current UTC offset.
enum SystemClock {
    @Sendable static func now() -> Timestamp {
        let date = Date()
        let offset = TimeZone.current.secondsFromGMT(for: date) / 60
        return Timestamp(secondsSince1970: Int(date.timeIntervalSince1970.rounded(.down)), offsetMinutes: offset)
    }
}

/// Who runs the command, for the trail's `Actor`.
enum SystemIdentity {
    static func actor(command: String) -> String {
        let user = ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.userName
        return "\(user.isEmpty ? "unknown user" : user) via tender \(command)"
    }
}
