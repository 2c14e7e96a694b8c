import Foundation
@testable import MailTransport
import Testing

/// Retention's `expunge_from_server` against the real Dovecot: exactly the purged UIDs leave the server.
@Suite(.serialized) struct IMAPExpungeIntegrationTests {
    @Test func onlyTheGivenUIDsAreExpungedAndOthersMarkedDeletedStay() async throws {
        let user = "applicant3"
        let mailbox = try TestMailServer.newMailbox(user: user)
        for index in 0..<6 { try TestMailServer.save(TestMessages.simple(subject: "m\(index)"), user: user, mailbox: mailbox) }
        let client = try IMAPMailboxClient(configuration: TestMailServer.imapConfiguration(user: user, mailbox: mailbox), logger: TestMailServer.logger)
        let status = try await client.status()
        #expect(try await client.existing(uids: [2, 4, 99], uidValidity: status.uidValidity) == [2, 4], "UID 99 was never there")
        #expect(try await client.expunge(uids: [2, 4], uidValidity: status.uidValidity), "Dovecot has UIDPLUS")
        let after = try await client.status()
        #expect(after.messages == 4)
        #expect(try await client.existing(uids: [1, 2, 3, 4, 5, 6], uidValidity: status.uidValidity) == [1, 3, 5, 6])
        await #expect(throws: MailTransportError.self, "UIDs of another UIDVALIDITY are never expunged") {
            _ = try await client.expunge(uids: [1], uidValidity: status.uidValidity &+ 1)
        }
        #expect(try await client.existing(uids: [1], uidValidity: status.uidValidity) == [1])
        await client.disconnect()
    }
}
