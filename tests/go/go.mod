module p3shim.test/go

go 1.27
