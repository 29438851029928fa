/// A directive for one member of a `SyncGroupState`.
public struct SyncGroupCommand: Hashable, Sendable {
    public var member: Int
    public var directive: SyncGroupDirective

    public init(member: Int, directive: SyncGroupDirective) {
        self.member = member
        self.directive = directive
    }
}
