//! `wsaioctl query`: the Windows-shaped answer of this Linux host (placeholder).
