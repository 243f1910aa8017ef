// These tests run Linux tools (bicep linux-x64, haproxy, keepalived, systemd-analyze, dpkg).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
