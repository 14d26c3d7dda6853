import Foundation
import TenderDocuments
import TenderModel
import TenderXML
import TestSupport
import Testing

/// `TenderPlan.conformanceProblems(to:)`: the shipped case's plan against the notice it was imported
/// from, edited copies of that plan, and every lot of the eForms fixtures.
@Suite("Plan conformance to its contract notice")
struct NoticeConformanceTests {
    /// The shipped case's `tender.xml` as text and its `notice.xml`, named as in the case folder.
    private func shipped() throws -> (plan: String, notice: ContractNotice) {
        let folder = ShippedCaseStory.folder
        let notice = try ContractNotice.read(
            contentsOf: folder.appendingPathComponent("notice.xml"), displayPath: "notice.xml")
        return (try TestSupport.read("tender.xml", in: folder), notice)
    }

    /// The shipped plan with each `(original, edited)` replacement made (each original must occur
    /// exactly once), its problems against the shipped notice, and the edited text.
    private func problems(
        _ edits: [(String, String)], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (problems: [String], text: String) {
        var (text, notice) = try shipped()
        for (original, edited) in edits {
            #expect(text.components(separatedBy: original).count == 2, "\(original)", sourceLocation: sourceLocation)
            text = text.replacingOccurrences(of: original, with: edited)
        }
        let plan = try TenderPlan.parse(Array(text.utf8), path: "tender.xml")
        return (plan.conformanceProblems(to: notice).map(\.description), text)
    }

    /// `tender.xml:LINE:COLUMN` of the first occurrence of `fragment` (an element's start, `<Lot id`).
    private func location(of fragment: String, in text: String) throws -> String {
        let lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains(fragment) })
        let start = try #require(lines[index].range(of: fragment)).lowerBound
        return "tender.xml:\(index + 1):\(lines[index][..<start].unicodeScalars.count + 1)"
    }

    private static let ac1Published = #"<Published list="number-weight" code="per-exa" number="15"/>"#
    private static let ac5Published = #"<Published list="number-weight" code="per-exa" number="75"/>"#

    // MARK: - The shipped case

    @Test("The shipped plan conforms to the notice it was imported from")
    func shippedPlanConforms() throws {
        let folder = ShippedCaseStory.folder
        let plan = try TenderPlan.read(
            contentsOf: folder.appendingPathComponent("tender.xml"), displayPath: "tender.xml")
        let notice = try shipped().notice
        #expect(plan.source?.lot == "LOT-0000")
        #expect(plan.lots.first?.criteria.criteria.count == 5)
        #expect(plan.conformanceProblems(to: notice).map(\.description) == [])
    }

    @Test("A changed <Published> number is reported at its criterion, with both numbers")
    func publishedNumberChanged() throws {
        let (problems, text) = try problems([(Self.ac1Published, Self.ac1Published.replacing("15", with: "20"))])
        #expect(
            problems == [
                try location(of: #"<Criterion id="AC-1""#, in: text) + ": error: criterion AC-1 of lot LOT-0000"
                    + #" records <Published list="number-weight" code="per-exa" number="20"/>, but notice.xml:262"#
                    + #" published <Published list="number-weight" code="per-exa" number="15"/>; write the <Published>"#
                    + " elements as the notice published them: a published weighting cannot change after publication"
                    + " (Directive 2014/24/EU Art. 67(5); ECJ C-532/06 Lianakis)"
            ])
    }

    @Test("Weights moved with their <Published> elements pass readiness but not conformance")
    func consistentWeightSwap() throws {
        let edits = [
            (#"id="AC-1" type="quality" weight="15""#, #"id="AC-1" type="quality" weight="20""#),
            (Self.ac1Published, Self.ac1Published.replacing("15", with: "20")),
            (#"id="AC-5" type="price" weight="75""#, #"id="AC-5" type="price" weight="70""#),
            (Self.ac5Published, Self.ac5Published.replacing("75", with: "70")),
        ]
        let (problems, text) = try problems(edits)
        let plan = try TenderPlan.parse(Array(text.utf8), path: "tender.xml")
        #expect(plan.readinessProblems() == [])
        #expect(problems.count == 2)
        #expect(problems.first?.hasPrefix(try location(of: #"<Criterion id="AC-1""#, in: text) + ": error:") == true)
        #expect(problems.last?.hasPrefix(try location(of: #"<Criterion id="AC-5""#, in: text) + ": error:") == true)
    }

    @Test("A published criterion removed from the plan is reported at <AwardCriteria>")
    func criterionRemoved() throws {
        let (text, _) = try shipped()
        let start = try #require(text.range(of: #"      <Criterion id="AC-3""#))
        let end = try #require(text.range(of: "</Criterion>\n", range: start.upperBound..<text.endIndex))
        let removed = String(text[start.lowerBound..<end.upperBound])
        let (problems, edited) = try problems([(removed, "")])
        #expect(
            problems == [
                try location(of: "<AwardCriteria", in: edited) + ": error: lot LOT-0000 has no criterion AC-3"
                    + #" ("Community benefits offered"), which notice.xml:296 published; restore it as published:"#
                    + " every published criterion is evaluated with its weighting (Directive 2014/24/EU Art. 67(5))"
            ])
    }

    @Test("A criterion the notice did not publish is reported at that criterion")
    func criterionAdded() throws {
        let added = #"<Criterion id="AC-6" type="quality" weight="0" scale="QUALITY-0-4"/>"#
        let (problems, text) = try problems([("    </AwardCriteria>", "      \(added)\n    </AwardCriteria>")])
        #expect(
            problems == [
                try location(of: #"<Criterion id="AC-6""#, in: text) + ": error: criterion AC-6 of lot LOT-0000 is not"
                    + " among the award criteria notice.xml published for it (AC-1, AC-2, AC-3, AC-4 and AC-5);"
                    + " remove it: criteria not published in advance cannot be applied (ECJ C-532/06 Lianakis)"
            ])
    }

    @Test("A submission deadline moved by one minute is reported with both times")
    func deadlineMoved() throws {
        let (problems, text) = try problems([("2020-04-03T12:00:00+01:00", "2020-04-03T12:01:00+01:00")])
        #expect(
            problems == [
                try location(of: "<TenderPlan", in: text) + ": error: the plan's submission deadline is"
                    + " 2020-04-03T12:01:00+01:00, but notice.xml published 2020-04-03T12:00:00+01:00 as the time limit"
                    + " for receipt of tenders (BT-131, notice.xml:394); state <SubmissionDeadline>"
                    + "2020-04-03T12:00:00+01:00</SubmissionDeadline>: a published time limit changes only by a"
                    + " change notice (Directive 2014/24/EU Art. 47)"
            ])
    }

    @Test(
        "The same instant written with another offset conforms",
        arguments: ["2020-04-03T11:00:00Z", "2020-04-03T13:00:00+02:00"])
    func deadlineOtherOffset(written: String) throws {
        #expect(try problems([("2020-04-03T12:00:00+01:00", written)]).problems == [])
        #expect(
            try problems([("2020-04-03T12:00:00+01:00", written.replacing(":00:00", with: ":00:01"))]).problems.count
                == 1)
    }

    @Test("A <Source> lot the notice does not have is the only problem reported")
    func unknownSourceLot() throws {
        let (problems, text) = try problems([(#"lot="LOT-0000""#, #"lot="LOT-0009""#)])
        #expect(
            problems == [
                try location(of: "<TenderPlan", in: text) + ": error: the plan's <Source> names lot LOT-0009 of"
                    + " notice.xml, which has no such lot or group of lots (it has LOT-0000); a plan imported from a"
                    + #" notice must name the lot it was imported from in <Notice lot="…">"#
            ])
    }

    @Test("A plan without <Source> is not compared, whatever it says")
    func planWithoutSource() throws {
        let (text, _) = try shipped()
        let start = try #require(text.range(of: "  <Source>"))
        let end = try #require(text.range(of: "</Source>\n"))
        let source = String(text[start.lowerBound..<end.upperBound])
        #expect(try problems([(source, "")]).problems == [])
        #expect(try problems([(source, ""), (Self.ac1Published, "")]).problems == [])
        #expect(try problems([(Self.ac1Published, "")]).problems.count == 1)
    }

    @Test("A renamed lot is reported as not the notice's lot and as the notice's lot missing")
    func lotRenamed() throws {
        let (problems, text) = try problems([(#"<Lot id="LOT-0000">"#, #"<Lot id="LOT-0001">"#)])
        #expect(
            problems == [
                try location(of: "<Lot id", in: text) + ": error: lot LOT-0001 is not lot LOT-0000 of notice.xml,"
                    + " which the plan's <Source> imports; a plan imported from a notice evaluates that lot alone:"
                    + " remove lot LOT-0001",
                try location(of: "<TenderPlan", in: text) + ": error: the plan has no lot LOT-0000, the lot its"
                    + #" <Source> imports from notice.xml; restore <Lot id="LOT-0000"> with the criteria the notice"#
                    + " published",
            ])
    }

    @Test("The estimated value must be the published one only where the abnormally-low screen uses it")
    func estimatedValue() throws {
        let screen = (#"basis="mean""#, #"basis="estimated-value""#)
        let value = (#"<EstimatedValue currency="EUR">500000<"#, #"<EstimatedValue currency="EUR">650000<"#)
        #expect(try problems([value]).problems == [])
        #expect(try problems([screen]).problems == [])
        let (problems, text) = try problems([screen, value])
        #expect(
            problems == [
                try location(of: "<TenderPlan", in: text)
                    + ": error: the abnormally-low screen uses the estimated value"
                    + " 650000 EUR of lot LOT-0000, but notice.xml published 500000 EUR (BT-27, notice.xml:177); state"
                    + #" <EstimatedValue currency="EUR">500000</EstimatedValue> as published"#
            ])
    }

    @Test("A sub-criterion claiming a published number is reported at the sub-criterion")
    func subCriterionPublished() throws {
        let sub =
            #"<Criterion id="AC-1.1" type="quality" weight="100" scale="QUALITY-0-4">"#
            + #"<Published list="number-weight" code="per-exa" number="100"/></Criterion>"#
        let (problems, text) = try problems([
            (#"weight="15" scale="QUALITY-0-4" minimumScore="2">"#, #"weight="15">"#),
            (
                Self.ac1Published,
                Self.ac1Published + "\n        <SubCriteria weighting=\"percent\">\(sub)</SubCriteria>"
            ),
        ])
        #expect(
            problems == [
                try location(of: #"<Criterion id="AC-1.1""#, in: text)
                    + #": error: sub-criterion AC-1.1 of criterion AC-1 records <Published list="number-weight""#
                    + #" code="per-exa" number="100"/>, but notice.xml publishes no sub-criteria (eForms award"#
                    + " criteria have none); remove its <Published> elements"
            ])
    }

    // MARK: - Every lot of the eForms fixtures

    @Test(
        "Every fixture lot's imported plan conforms to its notice, also written and read back, and a change is caught")
    func fixtureLotsConform() throws {
        var lotsChecked = 0
        for path in EFormsFixtures.corpusNotices + EFormsFixtures.legacyNotices {
            let notice = try EFormsFixtures.notice(path)
            for noticeLot in notice.lots {
                let imported = try notice.importPlan(lot: noticeLot.id, noticeFile: "notice.xml", noticeSHA256: nil)
                #expect(imported.conformanceProblems(to: notice) == [], "\(path) \(noticeLot.id)")
                let written = try imported.xmlDocument.serialized()
                let plan = try TenderPlan.parse(written, path: "tender.xml")
                #expect(plan.conformanceProblems(to: notice).map(\.description) == [], "\(path) \(noticeLot.id)")
                lotsChecked += 1

                // Each change is caught once: a deadline moved, the last criterion dropped, a number added
                // to the first criterion's <Published> elements.
                var changed = plan
                var expected = 0
                if let deadline = plan.submissionDeadline {
                    changed.submissionDeadline = Timestamp(secondsSince1970: 0, offsetMinutes: deadline.offsetMinutes)
                    expected += 1
                }
                let criteria = plan.lots[0].criteria.criteria.count
                if criteria >= 1 {
                    changed.lots[0].criteria.criteria.removeLast()
                    expected += 1
                }
                if criteria >= 2 {
                    changed.lots[0].criteria.criteria[0].published.append(
                        PublishedParameter(list: nil, code: nil, number: "1"))
                    expected += 1
                }
                #expect(changed.conformanceProblems(to: notice).count == expected, "\(path) \(noticeLot.id)")
            }
        }
        #expect(lotsChecked > 100)
    }
}
