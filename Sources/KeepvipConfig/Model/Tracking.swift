/// One line of `track_interface { IF [weight N [reverse]] }`.
///
/// keepalived.conf(5): with weight 0 (the default) the instance goes to FAULT while the interface is
/// down; otherwise a positive weight is added while it is up, a negative one subtracted while it is
/// down (`isReversed` swaps the direction). Weight -253…253.
public struct TrackedInterface: Sendable, Hashable {
    public var name: String
    @SourcePosition public var location: SourceLocation
    public var weight: Int
    public var isReversed: Bool

    public init(name: String, location: SourceLocation, weight: Int = 0, isReversed: Bool = false) {
        self.name = name
        self.location = location
        self.weight = weight
        self.isReversed = isReversed
    }
}

/// One line of `track_script { NAME [weight N [reverse|noreverse]] }` or `track_file { … }`, naming a
/// `vrrp_script` / `track_file` that exists (lines naming none are dropped with a warning).
public struct TrackReference: Sendable, Hashable {
    /// The `vrrp_script` or `track_file` name.
    public var name: String
    @SourcePosition public var location: SourceLocation
    /// The per-instance weight; `nil` means the script's or file's own `weight`.
    public var weight: Int?
    /// `reverse` (true) / `noreverse` (false); `nil` means the script's or file's own setting.
    public var isReversed: Bool?

    public init(name: String, location: SourceLocation, weight: Int? = nil, isReversed: Bool? = nil) {
        self.name = name
        self.location = location
        self.weight = weight
        self.isReversed = isReversed
    }

    /// Per-entry weights accepted by keepalived: ±254 are read and lowered to ±253 with a warning
    /// for scripts and interfaces (vrrp_track.c); track_file entries keep ±254.
    public static let weightRange = -253...253
}
