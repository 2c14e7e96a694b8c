/// Finds links to files hosted elsewhere (cloud drives, transfer services) in the text of a mail.
/// Such a link is not a document: the reply tells the applicant that documents must be attached.
public enum HostedLinkFinder {
    /// Host names (and their subdomains) of file hosting and transfer services.
    static let hosts: [String] = [
        "drive.google.com", "docs.google.com", "dropbox.com", "dropboxusercontent.com", "db.tt", "wetransfer.com",
        "we.tl", "onedrive.live.com", "1drv.ms", "sharepoint.com", "box.com", "mega.nz", "mega.io", "icloud.com",
        "swisstransfer.com", "transfernow.net", "filemail.com", "sendspace.com", "mediafire.com", "pcloud.com",
        "smash.gg", "fromsmash.com", "jumpshare.com", "disk.yandex.ru", "disk.yandex.com", "terabox.com",
        "framadrop.org", "grosfichiers.com", "4shared.com", "zippyshare.com", "wormhole.app", "file.io",
        "sync.com", "tresorit.com", "nextcloud.com", "owncloud.com", "myairbridge.com", "send-anywhere.com",
    ]

    /// Every hosted-file link in `text`, in order, each once.
    public static func links(in text: String) -> [String] {
        var found: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let startsURL = matches(scalars, index, "https://") || matches(scalars, index, "http://") || matches(scalars, index, "www.")
            guard startsURL, index == 0 || !isURLScalar(scalars[index - 1]) || scalars[index - 1] == "<" || scalars[index - 1] == "(" else {
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isURLScalar(scalars[end]), end - index < 2048 { end += 1 }
            var url = String(String.UnicodeScalarView(scalars[index..<end]))
            while let last = url.last, ".,;:!?)]}'\"".contains(last) { url.removeLast() }
            if let host = host(of: url), hosts.contains(where: { host == $0 || host.hasSuffix("." + $0) }), !found.contains(url) {
                found.append(url)
            }
            index = max(end, index + 1)
        }
        return found
    }

    private static func host(of url: String) -> String? {
        var rest = Substring(url.lowercased())
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let hostPart = authority.split(separator: "@").last.map { $0.prefix { $0 != ":" } } ?? authority
        return hostPart.isEmpty ? nil : String(hostPart)
    }

    private static func matches(_ s: [Unicode.Scalar], _ index: Int, _ prefix: String) -> Bool {
        var i = index
        for p in prefix.unicodeScalars {
            guard i < s.count else { return false }
            let c = s[i]
            let lower = (c.value >= 65 && c.value <= 90) ? Unicode.Scalar(c.value + 32) ?? c : c
            if lower != p { return false }
            i += 1
        }
        return true
    }

    private static func isURLScalar(_ s: Unicode.Scalar) -> Bool {
        guard s.value > 0x20, s.value != 0x7F else { return false }
        return !"<>\"`{}|\\^ ".unicodeScalars.contains(s) && !(s.properties.isWhitespace)
    }
}
