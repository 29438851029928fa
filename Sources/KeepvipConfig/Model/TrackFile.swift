/// A `track_file NAME { … }` block (`vrrp_track_file` is keepalived's older name for it): a file holding
/// a number that tracking instances multiply by the weight and add to their priority.
///
/// keepalived.conf(5) "Track files": with weight 0, a non-zero value means failure (FAULT); otherwise
/// value × weight is added to the priority, and a result below -253 means FAULT.
public struct TrackFile: Sendable, Hashable {
    /// `init_file [VALUE] [overwrite]`: what to write at start-up.
    public struct Initialization: Sendable, Hashable {
        /// Default 0.
        public var value: Int
        /// `overwrite`: also replace an existing file's contents (otherwise only a missing file is created).
        public var overwritesExisting: Bool

        public init(value: Int = 0, overwritesExisting: Bool = false) {
            self.value = value
            self.overwritesExisting = overwritesExisting
        }
    }

    public var name: String
    /// Where `track_file NAME` is written.
    @SourcePosition public var location: SourceLocation
    /// `file`: the path to read.
    public var path: String
    /// `weight`: -254…254 (keepalived allows ±254 so that a negative value read from the file can still
    /// fault an instance), default 1.
    public var weight: Int
    /// `weight N reverse`.
    public var isReversed: Bool
    public var initialization: Initialization?

    public init(
        name: String, location: SourceLocation, path: String, weight: Int = 1, isReversed: Bool = false,
        initialization: Initialization? = nil
    ) {
        self.name = name
        self.location = location
        self.path = path
        self.weight = weight
        self.isReversed = isReversed
        self.initialization = initialization
    }

    public static let weightRange = -254...254
}
