import TOMLKit
public import OfferCore

extension Configuration {
    static func readRetention(_ reader: inout ConfigurationTableReader, call: Call) throws(ConfigurationError) -> RetentionPolicy? {
        guard var table = try reader.table("retention") else { return nil }
        var policy = RetentionPolicy(countedFrom: call.deadline)
        if let from = try table.dateTime("counted_from") {
            guard from.offset != nil else {
                throw table.error("counted_from", "give the date-time with its offset (2027-01-15T00:00:00+01:00), or leave it out for call.deadline")
            }
            policy.countedFrom = secondsSince1970(from)
            guard policy.countedFrom >= call.deadline else {
                throw table.error("counted_from", "must not be before call.deadline: nothing of a call that is still open may expire")
            }
        }
        policy.rawMessagesDays = try table.int("raw_messages_days", default: policy.rawMessagesDays, minimum: 0)
        guard policy.rawMessagesDays <= 36_500 else { throw table.error("raw_messages_days", "at most 36500 days (100 years)") }
        policy.documentsDays = try table.int("documents_days", default: policy.documentsDays, minimum: 0)
        guard policy.documentsDays <= 36_500 else { throw table.error("documents_days", "at most 36500 days (100 years)") }
        policy.identitiesDays = try table.int("identities_days", default: policy.identitiesDays, minimum: 0)
        guard policy.identitiesDays <= 36_500 else { throw table.error("identities_days", "at most 36500 days (100 years)") }
        policy.expungeFromServer = try table.bool("expunge_from_server", default: false)
        try table.rejectUnknownKeys()
        return policy
    }
}
