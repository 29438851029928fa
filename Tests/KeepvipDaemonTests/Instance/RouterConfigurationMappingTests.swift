import KeepvipConfig
import KeepvipDaemon
import Testing
import VRRPCore

@Suite struct RouterConfigurationMappingTests {
    @Test func referenceInstanceMapsToProtocolParameters() {
        let configuration = VirtualRouterConfiguration(instance: referenceInstance(lb: 1), primaryAddress: lb1Address)
        #expect(configuration.version == .v2)
        #expect(configuration.virtualRouterID == 101)
        #expect(configuration.priority == 101)
        #expect(configuration.advertisementIntervalCentiseconds == 100)
        #expect(configuration.preempt)
        #expect(configuration.authentication == .simpleText(Array("password".utf8)))
        #expect(configuration.delivery == .unicast(peers: [lb2Address]))
        #expect(configuration.virtualAddresses == [floatingAddress])
        #expect(configuration.announcementCount == 5 && configuration.announcementDelay == .seconds(5))
    }

    @Test func noPeersMeansMulticastAndV3DropsAuthentication() {
        var instance = referenceInstance(lb: 1)
        instance.unicastPeers = []
        instance.version = .v3
        instance.advertisementInterval = .milliseconds(100)
        let configuration = VirtualRouterConfiguration(instance: instance, primaryAddress: lb1Address)
        #expect(configuration.delivery == .multicast)
        #expect(configuration.authentication == .none)
        #expect(configuration.advertisementIntervalCentiseconds == 10)
    }

    @Test func garpKnobsMapToTheAnnouncementSchedule() {
        var instance = referenceInstance(lb: 1)
        instance.garpMasterRefresh = .seconds(60)
        instance.garpMasterRefreshRepeat = 2
        instance.garpLowerPriorityDelay = .seconds(3)
        instance.garpLowerPriorityRepeat = 4
        instance.garpInterval = .milliseconds(10)
        instance.gnaInterval = .milliseconds(20)
        let ipv4 = VirtualRouterConfiguration(instance: instance, primaryAddress: lb1Address)
        #expect(ipv4.refreshInterval == .seconds(60) && ipv4.refreshCount == 2)
        #expect(ipv4.lowerPriorityAnnouncementDelay == .seconds(3) && ipv4.lowerPriorityAnnouncementCount == 4)
        #expect(ipv4.announcementSpacing == .milliseconds(10))
        instance.family = .ipv6
        let ipv6 = VirtualRouterConfiguration(instance: instance, primaryAddress: lb1Address)
        #expect(ipv6.announcementSpacing == .milliseconds(20))
    }
}
