namespace Plc.Runtime.Hosting;

/// <summary>
/// What the scan loop asks of live monitoring, always on the scan thread and between task scans, so a scan sees a
/// consistent image (docs/monitoring.md). Implementations must not allocate or block on these calls.
/// </summary>
public interface IScanMonitor
{
    /// <summary>After the inputs were read, before the first task: apply pending writes, then the forces.</summary>
    void BeforeScan(byte[] memory);

    /// <summary>Forced values win over what the program or the inputs wrote: put them back.</summary>
    void ApplyForces(byte[] memory);

    /// <summary>After the outputs were written: make this image the one clients read. <paramref name="scans"/>
    /// counts the scan cycles since the start, <paramref name="nowNs"/> is the clock time at the end of this one.</summary>
    void Publish(byte[] memory, long scans, long nowNs);
}
