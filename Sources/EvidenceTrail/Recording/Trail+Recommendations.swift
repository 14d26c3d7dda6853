public import TenderModel

extension Trail {
    /// The award recommendation standing for each lot on the results whose canonical digest is
    /// `results`: the latest `award-recommended` entry of the lot that names those results (a
    /// recommendation made on other results no longer stands), by lot.
    ///
    /// - Parameter results: ``DocumentDigests/identity`` of the current `evidence/results.xml`.
    /// - Returns: Each lot's recommended bid with the entry that recorded it; empty when none stands.
    public func standingRecommendations(onResults results: Digest) -> [LotID: (bid: BidID, entry: TrailEntry)] {
        var standing: [LotID: (bid: BidID, entry: TrailEntry)] = [:]
        for stored in entries {
            guard let entry = stored.entry, entry.kind == .awardRecommended, let recommendation = entry.recommendation,
                entry.subjects.contains(where: { $0.role == "results" && $0.digests.identity == results })
            else { continue }
            standing[recommendation.lot] = (recommendation.bid, entry)
        }
        return standing
    }
}
