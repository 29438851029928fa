import VRRPCore

/// Everything keepvip takes from a keepalived.conf.
public struct Configuration: Sendable {
    public var globals: GlobalDefinitions
    public var instances: [InstanceConfiguration]

    public init(globals: GlobalDefinitions = GlobalDefinitions(), instances: [InstanceConfiguration] = []) {
        self.globals = globals
        self.instances = instances
    }
}
