public import ArgumentParser

public struct OfferboxCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "offerbox",
        abstract: "Turns a call-for-offers mailbox into a verified, deadline-checked register of offers.",
        subcommands: [RunCommand.self, ParseCommand.self, OffersCommand.self, ShowCommand.self, ExportCommand.self,
                      ExportDocumentsCommand.self, VerifyCommand.self, CheckConfigCommand.self, PendingCommand.self,
                      ReleaseCommand.self, DismissCommand.self, ReclassifyCommand.self, WithdrawCommand.self, AnsweredCommand.self, MergeCommand.self,
                      ServeCommand.self, PasswdCommand.self, PurgeCommand.self,
                      SubjectAccessCommand.self, EraseCommand.self])
    public init() {}
}

/// The process entry point, so the executable target stays a one-liner.
public enum Offerbox {
    public static func main() async {
        await OfferboxCommand.main()
    }
}
