import Testing
import VRRPCore

/// Two or more routers of one sync group, driven together in virtual time.
private struct GroupHarness {
    var routers: [VirtualRouter]
    var group: SyncGroupState
    var now = Instant.zero
    var groupStates: [RouterState] = []

    init(priorities: [UInt8]) {
        routers = priorities.enumerated().map { index, priority in
            var c = configuration(priority: priority)
            c.virtualRouterID = UInt8(101 + index)
            return VirtualRouter(configuration: c)
        }
        group = SyncGroupState(memberCount: priorities.count)
    }

    var states: [RouterState] { routers.map(\.state) }

    /// Delivers an event to one member, then every consequence to the group and the other members.
    mutating func send(_ event: RouterEvent, to member: Int) {
        var queue: [(Int, RouterEvent)] = [(member, event)]
        while !queue.isEmpty {
            let (index, event) = queue.removeFirst()
            if case .health(let health) = event {
                record(group.memberHealthChanged(index, isFaulted: health.isFaulted), into: &queue)
            }
            for action in routers[index].handle(event, now: now) {
                if case .changeState(_, let to, _) = action {
                    record(group.memberStateChanged(index, to: to), into: &queue)
                }
            }
        }
    }

    private mutating func record(_ update: SyncGroupUpdate, into queue: inout [(Int, RouterEvent)]) {
        if let state = update.groupState { groupStates.append(state) }
        queue += update.commands.map { ($0.member, .syncGroup($0.directive)) }
    }

    mutating func advance(to instant: Instant) {
        while let (index, deadline) = routers.indices.compactMap({ i in routers[i].nextDeadline.map { (i, $0) } }).min(by: { $0.1 < $1.1 }),
              deadline <= instant {
            now = max(now, deadline)
            send(.timersDue, to: index)
        }
        now = instant
    }
}

@Suite struct SyncGroupTests {
    @Test func startsBackupTogether() {
        var h = GroupHarness(priorities: [100, 100])
        h.send(.startup, to: 0)
        h.send(.startup, to: 1)
        #expect(h.group.state == .backup)
        #expect(h.groupStates == [.backup])
    }

    // One member Active ⇒ the others Active together.
    @Test func oneActiveTakesTheOthers() {
        var h = GroupHarness(priorities: [100, 90])
        h.send(.startup, to: 0)
        h.advance(to: .ms(1000))
        h.send(.startup, to: 1)
        h.advance(to: .ms(3800))
        #expect(h.states == [.active, .active])
        #expect(h.group.state == .active)
        #expect(h.groupStates == [.backup, .active])
    }

    // One member leaving Active for Backup takes the others back.
    @Test func oneBackupTakesTheOthers() {
        var h = GroupHarness(priorities: [100, 100])
        h.send(.startup, to: 0)
        h.send(.startup, to: 1)
        h.advance(to: .ms(4000))
        #expect(h.states == [.active, .active])
        h.send(.advertisement(advert(priority: 200), source: lb2), to: 1)
        #expect(h.states == [.backup, .backup])
        #expect(h.group.state == .backup)
    }

    // One member FAULT ⇒ all FAULT, until every member is healthy again.
    @Test func faultHoldsTheGroupUntilAllHealthy() {
        var h = GroupHarness(priorities: [100, 100, 100])
        for member in 0..<3 { h.send(.startup, to: member) }
        h.advance(to: .ms(4000))
        h.send(faulted(), to: 0)
        #expect(h.states == [.fault, .fault, .fault])
        #expect(h.group.state == .fault)
        h.send(faulted(), to: 2)
        h.send(healthy(), to: 0)
        #expect(h.states == [.fault, .fault, .fault])
        h.send(healthy(), to: 2)
        #expect(h.states == [.backup, .backup, .backup])
        #expect(h.groupStates == [.backup, .active, .fault, .backup])
    }

    // A group already in FAULT ignores members' transitions.
    @Test func faultIgnoresTransitions() {
        var group = SyncGroupState(memberCount: 2)
        _ = group.memberHealthChanged(0, isFaulted: true)
        #expect(group.memberStateChanged(1, to: .active) == SyncGroupUpdate())
        #expect(group.state == .fault)
    }

    // Commands only when the group's state changes: echoes of forced transitions issue none.
    @Test func forcedTransitionsDoNotEcho() {
        var group = SyncGroupState(memberCount: 3)
        _ = group.memberStateChanged(0, to: .backup)
        let update = group.memberStateChanged(0, to: .active)
        #expect(update.commands == [SyncGroupCommand(member: 1, directive: .active), SyncGroupCommand(member: 2, directive: .active)])
        #expect(group.memberStateChanged(1, to: .active) == SyncGroupUpdate())
        #expect(group.memberStateChanged(2, to: .active) == SyncGroupUpdate())
    }

    // Fault directives reach every member, the failing one too; recovery likewise.
    @Test func faultAndRecoverGoToEveryMember() {
        var group = SyncGroupState(memberCount: 2)
        #expect(group.memberHealthChanged(1, isFaulted: true).commands.map(\.directive) == [.fault, .fault])
        #expect(group.memberHealthChanged(1, isFaulted: false) == SyncGroupUpdate(
            commands: [SyncGroupCommand(member: 0, directive: .recover), SyncGroupCommand(member: 1, directive: .recover)],
            groupState: .backup
        ))
    }
}
