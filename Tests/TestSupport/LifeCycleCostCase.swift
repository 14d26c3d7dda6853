public import Foundation

/// The mini case with its price criterion replaced by a life-cycle cost criterion C (30 %,
/// lowest-price ratio on the life-cycle cost; docs/0006-price-and-cost-formulas.md): a cost model
/// over 5 years discounted at 3.5 % a year (costs at year end), and each bid's figures instead of a
/// price. Quality criteria, score sheets, moderation and panel are the mini case's.
///
/// Hand-computed outcome (D = 1.035^5 × 200^5 = 207^5 = 380059617807; the year-5 factor is
/// 200^5/207^5 = 320000000000/D and the 5-year annuity Σ 200^t/207^t = 1715989080200/D):
/// - BID-A: buy 100000, energy 5000 and service 2000 a year, disposal 3000:
///   LCC = 50977885342100000/D ≈ 134131.29, the lowest → C 30; quality 45 + 5; total 80.00.
/// - BID-B: buy 90000, energy 8000 and service 2500 a year, disposal −1000 (residual value):
///   LCC = 51903250944730000/D ≈ 136566.08 → C 30 × A ÷ B = 152933656026300/5190325094473 ≈ 29.4651
///   → 29.47; quality 60 + 7.50; total 96.97.
/// - BID-C: buy 80000, energy 9000 and service 3000 a year, disposal 2000:
///   LCC = 51636638386960000/D ≈ 135864.57 → C 38233414006575/1290915959674 ≈ 29.6173 → 29.62;
///   quality 30 + 5; total 64.62.
public enum LifeCycleCostCase {
    /// The criterion that replaces the mini case's price criterion.
    public static let criterion = """
        <Criterion id="C" type="cost" weight="30"><Name languageID="ENG">Life-cycle cost</Name>
                <PriceFormula kind="lowest-price-ratio"/>
                <LifeCycleCost years="5" discountRate="3.5">
                  <Component id="buy" kind="acquisition">Purchase and installation</Component>
                  <Component id="energy" kind="operating">Electricity</Component>
                  <Component id="service" kind="maintenance">Servicing</Component>
                  <Component id="disposal" kind="end-of-life">Collection and recycling</Component>
                </LifeCycleCost>
              </Criterion>
        """

    /// The figures of each bid: buy, energy (a year), service (a year), disposal.
    public static let figures = [
        "BID-A": ["100000.00", "5000.00", "2000.00", "3000.00"],
        "BID-B": ["90000.00", "8000.00", "2500.00", "-1000.00"],
        "BID-C": ["80000.00", "9000.00", "3000.00", "2000.00"],
    ]

    /// The plan: the mini case's with criterion C instead of P.
    public static var plan: String {
        MiniCase.plan.replacingOccurrences(
            of:
                #"<Criterion id="P" type="price" weight="30"><Name languageID="ENG">Price</Name><PriceFormula kind="lowest-price-ratio"/></Criterion>"#,
            with: criterion)
    }

    /// `bid`'s figures as a `<LifeCycleCost>` element.
    public static func costs(_ bid: String) -> String {
        let values = figures[bid] ?? []
        let lines = zip(["buy", "energy", "service", "disposal"], values).map { component, amount in
            "      <Cost component=\"\(component)\" currency=\"EUR\">\(amount)</Cost>"
        }
        return "<LifeCycleCost criterion=\"C\">\n" + lines.joined(separator: "\n") + "\n    </LifeCycleCost>"
    }

    /// Writes the case into a new temporary folder and returns it.
    public static func write() throws -> URL {
        let folder = try MiniCase.write()
        try TestSupport.write(plan, to: "tender.xml", in: folder)
        for bid in ["BID-A", "BID-B", "BID-C"] {
            let text = try TestSupport.read("bids/\(bid).xml", in: folder)
            try TestSupport.write(
                text.replacing(#/<Price currency="EUR">[^<]*</Price>/#, with: costs(bid)), to: "bids/\(bid).xml",
                in: folder)
        }
        return folder
    }

    /// Writes the case and runs the mini case's lifecycle on it up to `last`.
    @discardableResult
    public static func writeAndRun(through last: MiniCase.Step = .evaluate) throws -> (folder: URL, clock: TestClock) {
        let folder = try write()
        let clock = TestClock(MiniCase.times.seal)
        try MiniCase.run(folder, clock: clock, through: last)
        return (folder, clock)
    }
}
