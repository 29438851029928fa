/// Where a model value was written, kept for diagnostics but left out of the value's equality and
/// hash: moving a line in the file is not a change of configuration (reload compares models).
@propertyWrapper
public struct SourcePosition: Hashable, Sendable {
    public var wrappedValue: SourceLocation

    public init(wrappedValue: SourceLocation) {
        self.wrappedValue = wrappedValue
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { true }

    public func hash(into hasher: inout Hasher) {}
}
