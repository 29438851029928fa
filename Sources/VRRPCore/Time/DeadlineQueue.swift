/// Elements keyed by their next deadline, earliest first: a binary min-heap with each element's
/// position kept, so rescheduling one element costs O(log n) and reading the earliest O(1) — the
/// daemon's timers cost the same per event whatever the number of instances.
///
/// Scheduling an element again moves it; scheduling it at `nil` removes it. Once its storage has
/// grown to the number of elements, rescheduling allocates nothing. Inlinable, so the daemon gets a
/// copy specialised for its element type rather than generic dispatch on every operation.
public struct DeadlineQueue<Element: Identifiable> {
    @usableFromInline var heap: [(deadline: Instant, element: Element)] = []
    @usableFromInline var positions: [Element.ID: Int] = [:]

    @inlinable public init() {}

    @inlinable
    public var isEmpty: Bool { heap.isEmpty }
    @inlinable
    public var count: Int { heap.count }
    /// The earliest deadline.
    @inlinable
    public var nextDeadline: Instant? { heap.first?.deadline }

    @inlinable
    public func deadline(of element: Element) -> Instant? {
        positions[element.id].map { heap[$0].deadline }
    }

    /// Puts `element` at `deadline`, wherever it was before; `nil` takes it out.
    @inlinable
    public mutating func schedule(_ element: Element, at deadline: Instant?) {
        guard let deadline else {
            remove(element)
            return
        }
        if let index = positions[element.id] {
            let old = heap[index].deadline
            guard old != deadline else { return }
            heap[index].deadline = deadline
            if deadline < old { siftUp(index) } else { siftDown(index) }
        } else {
            heap.append((deadline, element))
            positions[element.id] = heap.count - 1
            siftUp(heap.count - 1)
        }
    }

    @inlinable
    public mutating func remove(_ element: Element) {
        guard let index = positions.removeValue(forKey: element.id) else { return }
        let last = heap.count - 1
        if index != last {
            heap.swapAt(index, last)
            positions[heap[index].element.id] = index
        }
        heap.removeLast()
        guard index < heap.count else { return }
        siftUp(index)
        siftDown(index)
    }

    /// Takes out the earliest element if its deadline is `now` or before.
    @inlinable
    public mutating func popDue(now: Instant) -> Element? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        remove(first.element)
        return first.element
    }

    @inlinable
    mutating func siftUp(_ start: Int) {
        var index = start
        while index > 0 {
            let parent = (index - 1) / 2
            guard heap[index].deadline < heap[parent].deadline else { break }
            swap(index, parent)
            index = parent
        }
    }

    @inlinable
    mutating func siftDown(_ start: Int) {
        var index = start
        while true {
            let left = 2 * index + 1
            guard left < heap.count else { return }
            let right = left + 1
            let child = right < heap.count && heap[right].deadline < heap[left].deadline ? right : left
            guard heap[child].deadline < heap[index].deadline else { return }
            swap(index, child)
            index = child
        }
    }

    @inlinable
    mutating func swap(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        positions[heap[a].element.id] = a
        positions[heap[b].element.id] = b
    }
}
