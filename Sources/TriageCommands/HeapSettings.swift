#if canImport(Glibc)
import Glibc
#endif

/// How glibc's allocator keeps the memory of the process's main heap.
///
/// By default glibc hands the top of the heap back to the system whenever more than 128 KB lies free
/// there, and takes it back a page at a time, each a page fault, on the next message. `classify`, on
/// one thread and so on the main heap, did that for every message: 78,000 page faults and 0.5 s in
/// the kernel per 20,000 bench messages, the language stage (CLD2's buffers) at 40 µs instead of 18,
/// and the whole run 20% slower than with another allocator or with these settings. Memory is handed
/// back only past 64 MB free at the top. Setting that turns off glibc's sliding threshold for
/// serving large blocks by `mmap` (each one faulted in again after it is freed), so it is fixed at
/// 4 MB: the per-message buffers of up to a few megabytes come from the heap, as the sliding
/// threshold would have let them. Freed memory now stays with the process, up to those 64 MB at the
/// top; peak RSS did not grow (classify 64 MB, batch over a 1 GB mailbox 136 MB).
public enum HeapSettings {
    public static let trimThreshold: Int32 = 64 << 20
    public static let mmapThreshold: Int32 = 4 << 20

    /// Applies the settings; whether glibc took them (true elsewhere, where there is nothing to set).
    @discardableResult
    public static func apply() -> Bool {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not bring in: it is looked
        // up by name. M_TRIM_THRESHOLD is -1 and M_MMAP_THRESHOLD -3 there.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        return mallopt(-1, trimThreshold) == 1 && mallopt(-3, mmapThreshold) == 1
        #else
        return true
        #endif
    }
}
