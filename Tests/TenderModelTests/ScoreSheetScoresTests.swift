import Foundation
import Testing

@testable import TenderModel

/// `ScoreSheet.Scores` holds scores compactly: every score reads back exactly as given, in order,
/// however its values, files and justifications are shared or changed.
struct ScoreSheetScoresTests {
    private static func score(
        _ criterion: String, _ value: String, _ justification: String = "", path: String = "scores/EV-1/BID-1.xml",
        line: Int = 3, column: Int? = 7
    ) -> CriterionScore {
        CriterionScore(
            criterion: CriterionID(criterion), value: dec(value), justification: justification,
            location: FileLocation(path: path, line: line, column: column))
    }

    private static let given = [
        score("Q1", "3", "Clear method statement.", line: 4),
        score("Q2", "2.5", line: 9, column: nil),
        score("Q3", "3", "Named staff.", path: "elsewhere.xml", line: 70_000, column: 1),
        score("Q4", "-1", line: Int(Int32.max)),
        score("Q5", "0.0000001", column: 0),
        score("Q6", "12345678901234567890123456789012345678", "x"),
    ]

    @Test("every score reads back exactly: value and exponent, justification, path, line, column")
    func roundTrip() {
        let scores = ScoreSheet.Scores(Self.given)
        #expect(scores.count == Self.given.count)
        for (held, given) in zip(scores, Self.given) {
            #expect(held == given)
            #expect(held.value.exponent == given.value.exponent)
            #expect("\(held.value)" == "\(given.value)")
            #expect(held.location.description == given.location.description)
        }
        #expect(Array(scores) == Self.given)
        #expect(scores.indices.map(scores.criterion(at:)) == Self.given.map(\.criterion))
    }

    @Test("setting, shuffling and emptying the justifications change only what they say")
    func mutation() {
        var scores = ScoreSheet.Scores(
            Self.given.map {
                var bare = $0; bare.justification = ""; return bare
            })
        scores[1].justification = "Now justified."
        scores[2].value = dec("4")
        scores[3].location.column = 12
        var expected = Self.given.map {
            var bare = $0; bare.justification = ""; return bare
        }
        expected[1].justification = "Now justified."
        expected[2].value = dec("4")
        expected[3].location.column = 12
        #expect(Array(scores) == expected)

        var generator = SystemRandomNumberGenerator()
        var shuffled = scores
        shuffled.shuffle(using: &generator)
        #expect(Set(shuffled.map(\.criterion)) == Set(expected.map(\.criterion)))
        for score in shuffled { #expect(expected.contains(score)) }

        scores.removeJustifications()
        #expect(scores.allSatisfy { $0.justification.isEmpty })
        #expect(scores.map(\.value) == expected.map(\.value))
        #expect(scores.map(\.location) == expected.map(\.location))
    }

    @Test("equality is by the scores in order, not by how they are held")
    func equality() {
        let forward = ScoreSheet.Scores(Self.given)
        // Built in another order and put back: the distinct values and files are held in another order.
        var rebuilt = ScoreSheet.Scores(Self.given.reversed())
        rebuilt.reverse()
        #expect(rebuilt == forward)
        var changed = forward
        changed[0].justification = "Other."
        #expect(changed != forward)
        #expect(ScoreSheet.Scores(Self.given.dropLast()) != forward)
        #expect(ScoreSheet.Scores() == ScoreSheet.Scores([]))
    }

    @Test("a sheet's score(for:) is the first score for the criterion")
    func scoreForCriterion() {
        let sheet = ScoreSheet(
            evaluator: "EV-1", bid: "BID-1", lot: "LOT-1", completedAt: nil,
            scores: [Self.score("Q1", "1"), Self.score("Q2", "2"), Self.score("Q1", "3")],
            location: FileLocation(path: "scores/EV-1/BID-1.xml", line: 2))
        #expect(sheet.score(for: "Q1")?.value == 1)
        #expect(sheet.score(for: "Q2")?.value == 2)
        #expect(sheet.score(for: "Q9") == nil)
    }

    @Test("sheets scoring the same criteria in the same order share one table and read back as before")
    func sharedCriteria() {
        var first = ScoreSheet.Scores(Self.given)
        var second = ScoreSheet.Scores(Self.given.map { var other = $0; other.value = dec("1"); return other })
        var reordered = ScoreSheet.Scores(Self.given.reversed())
        let before = [Array(first), Array(second), Array(reordered)]
        var pool: Set<[CriterionID]> = []
        first.shareCriteria(with: &pool)
        second.shareCriteria(with: &pool)
        reordered.shareCriteria(with: &pool)
        #expect(pool.count == 2)
        #expect([Array(first), Array(second), Array(reordered)] == before)
        second[0].criterion = "Q9"
        #expect(second[0].criterion == "Q9" && first[0].criterion == "Q1" && second.criterion(at: 1) == "Q2")
    }
}
