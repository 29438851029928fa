import VRRPCore

extension StatementReader {
    /// `global_defs { router_id NAME  vrrp_version 2|3  ... }`.
    mutating func readGlobalDefinitions(_ node: SyntaxNode, into globals: inout GlobalDefinitions) {
        guard let children = block(node) else { return }
        for child in children {
            switch child.name {
            case "router_id":
                if let value = singleValue(child, example: "lb1") { globals.routerID = value.text }
            case "vrrp_version":
                if let value = singleValue(child, example: "3"), let version = vrrpVersion(value, keyword: child.name) {
                    globals.vrrpVersion = version
                }
            case "v3_checksum_as_v2":
                if let value = switchValue(child) { globals.v3ChecksumAsV2 = value }
            default:
                skip(child)
            }
        }
    }

    mutating func vrrpVersion(_ token: Token, keyword: String) -> VRRPVersion? {
        guard let number = integer(token, keyword: keyword, in: 2...3) else { return nil }
        return number == 3 ? .v3 : .v2
    }
}
