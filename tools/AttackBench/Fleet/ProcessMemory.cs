using System.Globalization;

namespace LbAcme.AttackBench.Fleet;

/// <summary>Resident set size as the kernel reports it (/proc/PID/status VmRSS).</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS in MB, or 0 when the process is gone.</summary>
    public static double RssMb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
                }
            }
        }
        catch (IOException)
        {
            // Exited between the check and the read.
        }
        return 0;
    }
}
