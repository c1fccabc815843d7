import Testing
import TriageCommands

/// The allocator settings every command starts with (see `HeapSettings`): glibc must accept them.
struct HeapSettingsTests {
    @Test func glibcTakesTheHeapSettings() {
        #expect(HeapSettings.apply())
        #expect(HeapSettings.trimThreshold > HeapSettings.mmapThreshold)
    }
}
