/// The version both executables print.
public enum KeepvipVersion {
    public static let current = "0.1.0"
}
