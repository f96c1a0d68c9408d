using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Xunit;

namespace Plc.Tests.Mqtt;

/// <summary>
/// A test against a real mosquitto broker (Debian's mosquitto and mosquitto-clients, which .ci/run installs). It is
/// skipped, with the reason, only when they are not installed on a developer's machine; under CI (CI=true) it runs
/// anyway and fails, so a CI machine without mosquitto cannot pass by skipping.
/// </summary>
public sealed class MosquittoFactAttribute : FactAttribute
{
    public MosquittoFactAttribute()
    {
        if (Mosquitto.Missing is { } missing && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"{missing} is not installed: apt-get install mosquitto mosquitto-clients (.ci/run installs them)";
    }
}
