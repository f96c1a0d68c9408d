using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Plc.Web;

/// <summary>The host's lifetime without the console part: the default one registers SIGINT/SIGTERM handlers and
/// prints "Application started" lines; <c>plc</c> handles its signals itself and stops the server when it stops.</summary>
sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
