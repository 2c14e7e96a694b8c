import TextBasics

/// Follows an SMTP dialogue line by line (as libcurl's debug callback shows it) and
/// attributes each reply to the command it answers. libcurl 7.88 does not pipeline
/// (RFC 2920), so replies come in command order; a multi-line reply (`250-...`)
/// ends at its line with a space after the code (RFC 5321 §4.2.1).
struct SMTPTranscript {
    struct Reply: Equatable { let code: Int; let text: String }

    private(set) var recipientReplies: [(recipient: String, reply: Reply)] = []
    private(set) var dataReply: Reply?
    /// Called the moment the end of DATA is answered with 2yz: the server has taken the message for
    /// the recipients it passed (those whose RCPT got 2yz).
    var onDataAccepted: (([String]) -> Void)?
    private var pending: [Command] = []
    private enum Command: Equatable { case recipient(String), data, dataEnd, other }

    mutating func client(_ line: String) {
        let upper = line.uppercased()
        if upper.hasPrefix("RCPT TO:") {
            var address = line.dropFirst(8).trimmingCharacters(in: " ")
            if let space = address.firstIndex(of: " ") { address = String(address[..<space]) }
            if address.hasPrefix("<") && address.hasSuffix(">") { address = String(address.dropFirst().dropLast()) }
            pending.append(.recipient(address))
        } else if upper == "DATA" {
            pending.append(.data)
        } else {
            pending.append(.other)
        }
    }

    mutating func server(_ line: String) {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)) else { return }
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") { return }  // continuation
        let reply = Reply(code: code, text: line)
        // The greeting and the 354 to DATA answer nothing we track.
        guard !pending.isEmpty else {
            if dataEndExpected {
                dataReply = reply
                dataEndExpected = false
                if (200..<300).contains(code) {
                    onDataAccepted?(recipientReplies.filter { (200..<300).contains($0.reply.code) }.map(\.recipient))
                }
            }
            return
        }
        let command = pending.removeFirst()
        switch command {
        case .recipient(let address): recipientReplies.append((address, reply))
        case .data: if code == 354 { dataEndExpected = true }
        case .dataEnd, .other: break
        }
    }

    private var dataEndExpected = false
}
