//! How the process asks glibc for memory.
//!
//! A search's pages are a few big buffers each (a column's text, its numbers), made, written
//! and freed page after page. glibc serves big buffers from their own mappings, but after
//! the first one is freed it raises that threshold to the freed size (up to 32 MiB), so the
//! next pages come from its arenas, which keep what is freed: a 60,000-row search then held
//! about a third more than its pages needed at once. A fixed threshold (which also stops
//! the raising) sends them to mappings given back to the system when freed, and a growing
//! buffer is moved by remapping, not copied.

/// Buffers from this size on get mappings of their own (glibc's starting threshold).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const OWN_MAPPING_FROM: libc::c_int = 128 * 1024;

/// Sets the threshold; call before any thread starts. A no-op away from glibc.
pub fn give_big_buffers_back() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator settings; it is called before other threads
    // exist, and a refusal (0) leaves glibc's default, which is correct, only larger.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, OWN_MAPPING_FROM);
    }
}
