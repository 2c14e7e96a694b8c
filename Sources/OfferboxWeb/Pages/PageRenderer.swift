import OfferCore
import OfferStore
import Logging
import Foundation
import Hummingbird
import Mustache
import OfferboxService

/// Renders the pages from the templates built into the binary, each inside the layout.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary
    private let call: Configuration.Call

    enum Page: String, CaseIterable {
        case layout, login, overview, offers, offer, exports, error

        var template: [UInt8] {
            switch self {
            case .layout: PackageResources.layout_mustache
            case .login: PackageResources.login_mustache
            case .overview: PackageResources.overview_mustache
            case .offers: PackageResources.offers_mustache
            case .offer: PackageResources.offer_mustache
            case .exports: PackageResources.exports_mustache
            case .error: PackageResources.error_mustache
            }
        }
    }

    /// Which item of the navigation is the current page.
    enum Section { case overview, offers, exports, none }

    init(configuration: Configuration) throws {
        PageContentType.registered
        var library = MustacheLibrary()
        for page in Page.allCases {
            try library.register(String(decoding: page.template, as: UTF8.self), named: page.rawValue)
        }
        self.library = library
        self.call = configuration.call
    }

    struct Layout {
        struct User {
            var name: String
            var role: String
            var csrf: String
            var overviewCurrent: Bool
            var offersCurrent: Bool
            var exportsCurrent: Bool
        }

        var title: String
        var callTitle: String
        var callReference: String
        var deadline: String
        var zone: String
        var user: User?
        var sealedNotice: String?
        var body: String
    }

    /// The page `page` rendered from `data`, inside the layout, as an HTML response.
    func response(_ page: Page, _ data: Any, title: String, user: WebUser?, section: Section = .none, sealedNotice: String? = nil,
                  status: HTTPResponse.Status = .ok) -> Response {
        let body = library.render(data, withTemplate: page.rawValue) ?? ""
        let layout = Layout(
            title: title, callTitle: call.title, callReference: call.reference,
            deadline: TimeText.format(call.deadline, offsetMinutes: call.localOffsetMinutes) + " " + call.localZoneName,
            zone: call.localZoneName,
            user: user.map {
                Layout.User(name: $0.name, role: $0.role.rawValue, csrf: $0.csrf, overviewCurrent: section == .overview,
                            offersCurrent: section == .offers, exportsCurrent: section == .exports)
            },
            sealedNotice: sealedNotice, body: body)
        let html = library.render(layout, withTemplate: Page.layout.rawValue) ?? ""
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page that says what went wrong, in the layout.
    func error(_ status: HTTPResponse.Status, _ message: String, user: WebUser?, back: String = "/") -> Response {
        struct Data { var heading: String; var message: String; var back: String }
        return response(.error, Data(heading: status.reasonPhrase, message: message, back: back), title: status.reasonPhrase, user: user,
                        status: status)
    }
}
