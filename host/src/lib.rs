//! Host-side tools of p3shim: turning core modules into WASIp3 components and running them
//! on a host that links nothing but the `wasi:*@0.3.0` interfaces.

pub mod bindings;
pub mod componentize;
pub mod doors;
pub mod faults;
pub mod gomem;
pub mod runner;
