import EvidenceTrail
import Foundation
import TestSupport
import Testing

/// The whole lifecycle through the real `tender` with the real clock: keys from `tender key
/// generate`, a deadline a few seconds ahead, every step in order, and every step out of order
/// refused with what must happen first.
@Suite("The lifecycle through the tender command")
struct LifecycleCommandTests {
    /// The mini case's panel, by member: name and roles as the plan has them.
    static let members = ["LEAD", "EV-1", "EV-2", "FIN"]

    /// A deadline `seconds` from now, in ISO 8601 with a +01:00 offset (the machine's clock may be in
    /// any zone; the deadline is compared as an instant).
    static func deadline(secondsFromNow seconds: Int) -> (text: String, date: Date) {
        let date = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down) + Double(seconds))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(secondsFromGMT: 3600)
        return (formatter.string(from: date), date)
    }

    @Test(
        "key generate writes a 0600 private key and a public key, prints its ID and <PublicKey>, and refuses a case folder or an existing key"
    )
    func keyGenerate() throws {
        let folder = try MiniCase.write()
        let keys = try CLIHarness.keysFolder(beside: folder)
        let result = try CLIHarness.tender("key", "generate", "--name", "LEAD", "--out", keys.path)
        let privateKey = keys.appendingPathComponent("LEAD.key")
        let publicKey = keys.appendingPathComponent("LEAD.pub")
        let printed = try #require(GeneratedKey(result, privateKey: privateKey, publicKey: publicKey))
        let attributes = try FileManager.default.attributesOfItem(atPath: privateKey.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let key = try PrivateSigningKey.read(contentsOf: privateKey, displayPath: "LEAD.key")
        #expect(printed.keyID == key.publicKey.keyID.hex)
        #expect(printed.element == "<PublicKey algorithm=\"ed25519\">\(key.publicKey.spkiBase64)</PublicKey>")
        // The key ID is the SHA-256 of the 32-byte raw key: the last 32 bytes of the SPKI DER.
        let spki = try #require(Data(base64Encoded: key.publicKey.spkiBase64))
        #expect(spki.count == 44)
        #expect(Digest(of: Array(spki.suffix(32))).hex == printed.keyID)
        let pem = try TestSupport.read("LEAD.pub", in: keys)
        #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n\(key.publicKey.spkiBase64)\n-----END PUBLIC KEY-----"))
        // openssl reads the private key (PKCS#8) and derives the same public key file.
        let derived = try TestSupport.shell("openssl pkey -in '\(privateKey.path)' -pubout 2>&1")
        if derived.status == 0 { #expect(derived.standardOutput == pem) }

        // Never overwritten.
        let again = try CLIHarness.tender("key", "generate", "--name", "LEAD", "--out", keys.path)
        CLIHarness.expectRefusal(
            again, status: 2,
            message: "\(privateKey.path): error: exists; choose another --name or folder (a key is never overwritten)")
        #expect(try PrivateSigningKey.read(contentsOf: privateKey, displayPath: "LEAD.key").publicKey == key.publicKey)

        // Never inside a case folder, at any depth.
        for out in [folder.path, folder.appendingPathComponent("keys/panel").path] {
            let refused = try CLIHarness.tender("key", "generate", "--name", "EV-1", "--out", out)
            CLIHarness.expectRefusal(
                refused, status: 2,
                message:
                    "\(out): error: this is inside the case folder \(folder.path); private keys never live in a case folder"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("keys").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("EV-1.key").path))

        let badName = try CLIHarness.tender("key", "generate", "--name", "../LEAD", "--out", keys.path)
        #expect(badName.status == 2)
        #expect(badName.standardError.contains("--name may hold only letters, digits, '-', '_' and '.'"))
    }

    @Test(
        "seal, receive, a late receive, open, declare, score, moderate, evaluate, abnormally-low, award and verify, with the real clock"
    )
    func wholeLifecycle() throws {
        let folder = try MiniCase.write()
        let path = folder.path
        let keys = try CLIHarness.keysFolder(beside: folder)
        let inbox = try CLIHarness.keysFolder(beside: folder)
        func key(_ member: String) -> String { keys.appendingPathComponent("\(member).key").path }
        func tender(_ arguments: String...) throws -> ProcessOutput { try TestSupport.runTender(arguments) }

        // Keys from the CLI, their <PublicKey> elements into the plan.
        var plan = MiniCase.plan
        for member in Self.members {
            let result = try tender("key", "generate", "--name", member, "--out", keys.path)
            let generated = try #require(
                GeneratedKey(
                    result, privateKey: keys.appendingPathComponent("\(member).key"),
                    publicKey: keys.appendingPathComponent("\(member).pub")))
            plan = plan.replacingOccurrences(of: MiniCase.panel.publicKeyElement(member), with: generated.element)
        }
        // BID-C's price is abnormally low (below 70 % of the mean) so that the award waits for a decision.
        plan = plan.replacingOccurrences(
            of: "</TieBreak>", with: "</TieBreak>\n    <AbnormallyLowScreen basis=\"mean\" belowPercent=\"70\"/>")
        try TestSupport.write(
            MiniCase.bid("BID-C", tenderer: "Gamma Ltd", price: "30000.00"), to: "bids/BID-C.xml", in: folder)
        try TestSupport.write(
            MiniCase.bid("BID-L", tenderer: "Late Ltd", price: "80000.00"), to: "BID-L.xml", in: inbox)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("bids/BID-A.xml"))
        try TestSupport.write(
            MiniCase.bid("BID-A", tenderer: "Alpha Ltd", price: "100000.00"), to: "BID-A.xml", in: inbox)

        // Nothing runs before the plan is sealed.
        for step in [
            ["open", path, "--key", key("LEAD")], ["receive", path, inbox.path + "/BID-A.xml", "--key", key("LEAD")],
        ] {
            CLIHarness.expectRefusal(
                try TestSupport.runTender(step),
                message: "error: the plan is not sealed yet: run `tender seal` with the lead's key first")
        }

        // Before the deadline: seal, amend, receive, and open is refused. Kept short: the deadline is 3 s away.
        let deadline = Self.deadline(secondsFromNow: 3)
        plan = plan.replacingOccurrences(of: "2025-03-14T12:00:00+00:00", with: deadline.text)
        try TestSupport.write(plan, to: "tender.xml", in: folder)
        CLIHarness.expectSuccess(
            try tender("seal", path, "--key", key("LEAD")),
            printing: ["sealed the plan (entry 1); it can now change only by a recorded amendment before the deadline"])
        try TestSupport.write(
            plan.replacingOccurrences(of: "<Title>Mini case</Title>", with: "<Title>Mini case (amended)</Title>"),
            to: "tender.xml", in: folder)
        CLIHarness.expectSuccess(
            try tender("seal", path, "--key", key("LEAD"), "--reason", "Corrected the title"),
            printing: ["recorded the amendment of the plan (entry 2)"])
        let receipt = try tender("receive", path, inbox.path + "/BID-A.xml", "--key", key("LEAD"))
        CLIHarness.expectSuccess(receipt)
        #expect(receipt.standardOutput.hasPrefix("received BID-A at "))
        #expect(
            receipt.standardOutput.contains(
                ", before the deadline \(deadline.text) (entry 3)\nCheckpoint: 3 entries, head "))
        for bid in ["BID-B", "BID-C"] {
            CLIHarness.expectSuccess(try tender("receive", path, path + "/bids/\(bid).xml", "--key", key("LEAD")))
        }
        let early = try tender("open", path, "--key", key("LEAD"))
        let stillBefore = Date() < deadline.date
        try #require(
            stillBefore, "the machine took more than 3 s for five tender commands; the test cannot check the deadline")
        CLIHarness.expectRefusal(
            early,
            message: "error: the submission deadline \(deadline.text) has not passed; bids cannot be opened before it")

        // The one wait: until the deadline has passed (receipt times are whole seconds).
        let wait = deadline.date.timeIntervalSinceNow + 1.05
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }

        // After the deadline: a late bid, no more amendments, and no replacing a bid received on time.
        let late = try tender("receive", path, inbox.path + "/BID-L.xml", "--key", key("LEAD"))
        CLIHarness.expectSuccess(late)
        #expect(late.standardOutput.hasPrefix("received BID-L at "))
        #expect(
            late.standardOutput.contains(
                ", after the deadline \(deadline.text): recorded as late; it will be excluded (entry 6)\n"))
        #expect(
            FileManager.default.fileExists(atPath: path + "/bids/BID-L.xml"), "a bid from outside is copied into bids/")
        try TestSupport.write(
            plan.replacingOccurrences(of: "<Title>Mini case</Title>", with: "<Title>Mini case (late)</Title>"),
            to: "tender.xml", in: folder)
        CLIHarness.expectRefusal(
            try tender("seal", path, "--key", key("LEAD"), "--reason", "Too late"),
            message:
                "error: the submission deadline \(deadline.text) has passed; the plan can no longer be amended (restore"
                + " tender.xml to the sealed version in evidence/plans/00000002.xml)")
        try TestSupport.write(
            plan.replacingOccurrences(of: "<Title>Mini case</Title>", with: "<Title>Mini case (amended)</Title>"),
            to: "tender.xml", in: folder)
        let bidA = try TestSupport.read("bids/BID-A.xml", in: folder)
        try TestSupport.write(
            bidA.replacingOccurrences(of: "100000.00", with: "95000.00"), to: "bids/BID-A.xml", in: folder)
        CLIHarness.expectRefusal(
            try tender("receive", path, path + "/bids/BID-A.xml", "--key", key("LEAD")),
            message:
                "error: BID-A was received on time in entry 3 and cannot be replaced after the deadline \(deadline.text)"
        )
        try TestSupport.write(bidA, to: "bids/BID-A.xml", in: folder)

        // Steps that need the bids opened.
        let notOpened = "error: bids have not been opened yet: run `tender open` with the lead's key after the deadline"
        CLIHarness.expectRefusal(try tender("declare", path, "--key", key("EV-1")), message: notOpened)
        CLIHarness.expectRefusal(
            try tender("score", path, "scores/EV-1/BID-A.xml", "--key", key("EV-1")), message: notOpened)
        CLIHarness.expectRefusal(try tender("moderate", path, "LOT-1", "--key", key("LEAD")), message: notOpened)
        CLIHarness.expectRefusal(try tender("evaluate", path, "--key", key("FIN")), message: notOpened)
        CLIHarness.expectRefusal(try tender("evaluate", path), message: notOpened)

        CLIHarness.expectSuccess(
            try tender("open", path, "--key", key("LEAD")), printing: ["opened 4 bid(s) (entry 7)"])
        CLIHarness.expectRefusal(
            try tender("open", path, "--key", key("LEAD")), message: "error: bids were already opened in entry 7")
        try TestSupport.write(plan, to: "tender.xml", in: folder)
        CLIHarness.expectRefusal(
            try tender("seal", path, "--key", key("LEAD"), "--reason", "After opening"),
            message:
                "error: bids were opened in entry 7; the plan can no longer be amended (restore tender.xml to the sealed"
                + " version in evidence/plans/00000002.xml)")
        CLIHarness.expectRefusal(
            try tender("declare", path, "--key", key("EV-1")),
            message:
                "\(path)/tender.xml: error: the plan changed since it was sealed in entry 2; restore it, or amend it with"
                + " `tender seal --reason …` before the deadline and before opening")
        try TestSupport.write(
            plan.replacingOccurrences(of: "<Title>Mini case</Title>", with: "<Title>Mini case (amended)</Title>"),
            to: "tender.xml", in: folder)

        // Declarations before scores; each member submits only their own sheet.
        CLIHarness.expectRefusal(
            try tender("score", path, "scores/EV-1/BID-A.xml", "--key", key("EV-1")),
            message:
                "error: EV-1 has not declared conflicts of interest; record declarations/EV-1.xml with `tender declare`"
                + " before the first score")
        CLIHarness.expectSuccess(
            try tender("declare", path, "--key", key("EV-1")), printing: ["recorded EV-1's declaration (entry 8)"])
        CLIHarness.expectSuccess(
            try tender("declare", path, "--key", key("EV-2")), printing: ["recorded EV-2's declaration (entry 9)"])
        CLIHarness.expectRefusal(
            try tender("score", path, "scores/EV-1/BID-A.xml", "--key", key("EV-2")),
            message: "error: scores/EV-1/BID-A.xml is EV-1's score sheet; only EV-1 may submit it")
        CLIHarness.expectRefusal(
            try tender("score", path, "scores/EV-1/BID-A.xml", "--key", key("FIN")),
            message:
                "error: FIN (Fay Example) may not submit score sheets: that needs the role quality-evaluator; their roles"
                + " are price-evaluator")
        try TestSupport.write(
            MiniCase.sheet(evaluator: "EV-1", bid: "BID-L", q1: "4", q2: "4"), to: "scores/EV-1/BID-L.xml", in: folder)
        CLIHarness.expectRefusal(
            try tender("score", path, "scores/EV-1/BID-L.xml", "--key", key("EV-1")),
            message: "error: BID-L was received late and is excluded; it is not scored")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("scores/EV-1/BID-L.xml"))
        var sequence = 10
        for member in ["EV-1", "EV-2"] {
            for bid in ["BID-A", "BID-B", "BID-C"] {
                CLIHarness.expectSuccess(
                    try tender("score", path, "\(path)/scores/\(member)/\(bid).xml", "--key", key(member)),
                    printing: ["recorded \(member)'s score sheet for \(bid) (entry \(sequence))"])
                sequence += 1
            }
        }

        // The evaluation needs every file recorded, and the price evaluator's key.
        CLIHarness.expectRefusal(
            try tender("evaluate", path, "--key", key("FIN")),
            message: "\(path)/moderation/LOT-1.xml: error: never recorded; run `tender moderate` for it first")
        // The mini case's meeting is dated 2025, before these bids were opened with the real clock:
        // an impossible date is refused, then the meeting is dated now.
        let refused = try tender("moderate", path, "LOT-1", "--key", key("LEAD"))
        #expect(refused.status == 1)
        #expect(
            refused.standardError.contains(
                "moderation/LOT-1.xml:2:1: error: <HeldAt> 2025-03-20T10:00:00+00:00 is before the bids were opened"),
            "\(refused.standardError)")
        try MiniCase.dateModeration(in: folder)
        CLIHarness.expectSuccess(
            try tender("moderate", path, "LOT-1", "--key", key("LEAD")),
            printing: ["recorded the moderation of lot LOT-1 (entry 16)"])
        CLIHarness.expectRefusal(
            try tender("evaluate", path), status: 2,
            message: "error: the evaluation must be recorded: pass the price evaluator's key with --key")
        CLIHarness.expectRefusal(
            try tender("evaluate", path, "--key", key("EV-1")),
            message:
                "error: EV-1 (Ann Example) may not compute the evaluation: that needs the role price-evaluator; their roles"
                + " are quality-evaluator")
        let first = try tender("evaluate", path, "--key", key("FIN"))
        CLIHarness.expectSuccess(
            first,
            printing: [
                "wrote evidence/results.xml and recorded the evaluation (entry 17)",
                "  Price (P, lowest-price-ratio): lowest admissible 30000.00 EUR (BID-C); benchmark from 3 admissible bid(s)",
            ])
        #expect(
            CLIHarness.rankingRows(first.standardOutput) == [
                "1 Beta Ltd [BID-B] 67.50 7.50 75.00 ranked",
                "2 Gamma Ltd [BID-C] 35.00 30.00 65.00 ranked abnormally-low",
                "3 Alpha Ltd [BID-A] 50.00 9.00 59.00 ranked",
                "— Late Ltd [BID-L] — — — excluded (late-submission)",
            ])

        // The award waits for the abnormally-low decision, and for the evaluation after it.
        let justification = ["--justification", "Highest total after BID-C was rejected as abnormally low."]
        CLIHarness.expectRefusal(
            try CLIHarness.tender(["award", path, "LOT-1", "BID-B", "--key", key("LEAD")] + justification),
            message:
                "error: abnormally-low flag(s) without a recorded explanation and decision: BID-C; require the tenderer"
                + " to explain with `tender abnormally-low request` and record the decision with `tender abnormally-low"
                + " decide` first")
        try TestSupport.write("Gamma Ltd explains its price: volunteers.\n", to: "BID-C-explanation.txt", in: inbox)
        let decide = [
            "--explanation", inbox.path + "/BID-C-explanation.txt", "--reject", "--reason",
            "Volunteers are not a lawful basis for the price.",
        ]
        // The decision (in the earlier one-step form, now `decide` by default) needs a recorded request.
        CLIHarness.expectRefusal(
            try CLIHarness.tender(["abnormally-low", path, "BID-C", "--key", key("LEAD")] + decide),
            message:
                "error: no request for an explanation from BID-C is recorded; require the tenderer to explain its price"
                + " first with `tender abnormally-low request` (regulation 69(1) of the Public Contracts Regulations 2015)")
        let request = [
            "--reason", "Explain how your price covers the labour of the inspections in Schedule 2.", "--respond-by",
            "2099-01-01T12:00:00+00:00",
        ]
        CLIHarness.expectRefusal(
            try CLIHarness.tender(["abnormally-low", "request", path, "BID-A", "--key", key("LEAD")] + request),
            message: "error: BID-A is not flagged as abnormally low in the evaluation of entry 17")
        CLIHarness.expectSuccess(
            try CLIHarness.tender(["abnormally-low", "request", path, "BID-C", "--key", key("LEAD")] + request),
            printing: [
                "recorded the request to BID-C to explain its price by 2099-01-01T12:00:00+00:00 (entry 18); record the"
                    + " answer and the decision with `tender abnormally-low decide`"
            ])
        CLIHarness.expectSuccess(
            try CLIHarness.tender(["abnormally-low", path, "BID-C", "--key", key("LEAD")] + decide),
            printing: [
                "recorded the decision on BID-C: explanation rejected (entry 19); run `tender evaluate` again before the award"
            ])
        CLIHarness.expectRefusal(
            try CLIHarness.tender(["award", path, "LOT-1", "BID-B", "--key", key("LEAD")] + justification),
            message:
                "error: entry 19 (abnormally-low-decided) came after the last evaluation (entry 17); run"
                + " `tender evaluate` again first")
        let second = try tender("evaluate", path, "--key", key("FIN"))
        CLIHarness.expectSuccess(
            second, printing: ["wrote evidence/results.xml and recorded the evaluation (entry 20)"])
        #expect(
            CLIHarness.rankingRows(second.standardOutput) == [
                "1 Beta Ltd [BID-B] 67.50 25.00 92.50 ranked",
                "2 Alpha Ltd [BID-A] 50.00 30.00 80.00 ranked",
                "— Gamma Ltd [BID-C] 35.00 — — excluded (abnormally-low-rejected)",
                "— Late Ltd [BID-L] — — — excluded (late-submission)",
            ])
        CLIHarness.expectRefusal(
            try CLIHarness.tender(["award", path, "LOT-1", "BID-A", "--key", key("LEAD")] + justification),
            message: "error: BID-A is not ranked first in lot LOT-1; BID-B is")
        CLIHarness.expectRefusal(
            try CLIHarness.tender(["award", path, "LOT-1", "BID-Z", "--key", key("LEAD")] + justification),
            message: "error: BID-Z is not a tender for lot LOT-1")
        CLIHarness.expectSuccess(
            try CLIHarness.tender(["award", path, "LOT-1", "BID-B", "--key", key("LEAD")] + justification),
            printing: ["recorded the recommendation to award lot LOT-1 to BID-B (entry 21)"])

        let verify = try tender("verify", path)
        CLIHarness.expectSuccess(verify, printing: ["Verified: all 30 checks passed."])
        #expect(verify.standardOutput.contains("note: late and excluded: BID-L"))

        // An auditor checks an entry's signature with xmllint and openssl, as docs/0004 shows.
        let check = try TestSupport.shell(
            "command -v xmllint >/dev/null && command -v openssl >/dev/null || exit 77; "
                + "xmllint --exc-c14n evidence/trail/00000021.xml > '\(inbox.path)/entry.c14n' && "
                + "openssl pkeyutl -verify -pubin -inkey '\(keys.path)/LEAD.pub' -rawin -in '\(inbox.path)/entry.c14n'"
                + " -sigfile evidence/trail/00000021.sig",
            in: folder)
        if check.status != 77 {
            #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
            #expect(check.standardOutput.contains("Signature Verified Successfully"))
        }
    }

    @Test("A private key inside the case folder or readable by others is refused with exit 2")
    func exposedKeys() throws {
        let setup = try MiniCaseSetup()
        try setup.run(through: .seal)
        let evidence = CLIHarness.snapshot(setup.folder.appendingPathComponent("evidence"))
        let inside = setup.folder.appendingPathComponent("LEAD.key")
        try FileManager.default.copyItem(atPath: setup.key("LEAD"), toPath: inside.path)
        CLIHarness.expectRefusal(
            try CLIHarness.tender("seal", setup.path, "--key", inside.path), status: 2,
            message:
                "\(inside.path): error: private keys must never be kept inside a case folder; move it out of \(setup.path)"
        )
        // Also through a relative path from inside the case.
        let relative = try TestSupport.run(
            TestSupport.tenderExecutable, ["open", ".", "--key", "LEAD.key"], in: setup.folder)
        CLIHarness.expectRefusal(
            relative, status: 2,
            message: "LEAD.key: error: private keys must never be kept inside a case folder; move it out of .")

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: setup.key("EV-1"))
        CLIHarness.expectRefusal(
            try CLIHarness.tender("seal", setup.path, "--key", setup.key("EV-1")), status: 2,
            message:
                "\(setup.key("EV-1")): error: the private key file has mode 644: other users can read it; restrict it with"
                + " chmod 600")
        CLIHarness.expectRefusal(
            try CLIHarness.tender("open", setup.path), status: 2,
            message: "error: this step is signed: pass your private key with --key")
        CLIHarness.expectRefusal(
            try CLIHarness.tender("seal", setup.path, "--key", setup.key("EV-2")),
            message: "error: EV-2 (Bob Example) may not seal the plan: that needs the role lead; their roles are"
                + " quality-evaluator")
        CLIHarness.expectUnchanged(evidence, CLIHarness.snapshot(setup.folder.appendingPathComponent("evidence")))
    }
}

/// What `tender key generate` printed, checked line by line.
struct GeneratedKey {
    /// The key ID (64 hex digits).
    var keyID: String
    /// The `<PublicKey>` element for the plan.
    var element: String

    init?(_ result: ProcessOutput, privateKey: URL, publicKey: URL, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 0, "\(result.standardError)", sourceLocation: sourceLocation)
        #expect(result.standardError.isEmpty, sourceLocation: sourceLocation)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        guard lines.count == 5 else {
            Issue.record("expected 5 lines, got:\n\(result.standardOutput)", sourceLocation: sourceLocation)
            return nil
        }
        #expect(
            lines[0] == "Private key: \(privateKey.path) (mode 0600; keep it out of every case folder)",
            sourceLocation: sourceLocation)
        #expect(lines[1] == "Public key:  \(publicKey.path)", sourceLocation: sourceLocation)
        #expect(lines[3] == "In the plan's <Panel>, on this member:", sourceLocation: sourceLocation)
        let id = lines[2].dropFirst("Key ID:      ".count)
        guard lines[2].hasPrefix("Key ID:      "), id.count == 64, id.allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
            lines[4].hasPrefix("  <PublicKey algorithm=\"ed25519\">"), lines[4].hasSuffix("</PublicKey>")
        else {
            Issue.record(
                "unexpected key ID or <PublicKey> line:\n\(result.standardOutput)", sourceLocation: sourceLocation)
            return nil
        }
        keyID = String(id)
        element = String(lines[4].dropFirst(2))
    }
}
