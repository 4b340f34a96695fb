using System;
using System.Collections.Generic;
using System.Linq;

namespace MlAsCode.Serving;

/// <summary>The services of one application, for <c>/ready</c>.</summary>
internal sealed class ServingRegistry
{
    private readonly List<(string Name, Func<(bool Ready, string Reason, string Version)> State)> _services = [];
    private readonly List<ServiceDescription> _descriptions = [];
    private readonly List<OperationDescription> _operations = [];
    private readonly List<ModelMonitor> _monitors = [];
    private int _healthMapped;

    public void Add(string name, Func<(bool, string, string)> state, ModelMonitor? monitor)
    {
        lock (_services)
        {
            _services.Add((name, state));
            if (monitor is not null)
            {
                _monitors.Add(monitor);
            }
        }
    }

    public IReadOnlyList<ModelMonitor> Monitors()
    {
        lock (_services)
        {
            return [.. _monitors];
        }
    }

    public void Describe(ServiceDescription description)
    {
        lock (_descriptions)
        {
            _descriptions.Add(description);
        }
    }

    public void Describe(OperationDescription operation)
    {
        lock (_descriptions)
        {
            _operations.Add(operation);
        }
    }

    public IReadOnlyList<OperationDescription> Operations()
    {
        lock (_descriptions)
        {
            return [.. _operations];
        }
    }

    public IReadOnlyList<ServiceDescription> Descriptions()
    {
        lock (_descriptions)
        {
            return [.. _descriptions];
        }
    }

    public bool MapHealthOnce() => System.Threading.Interlocked.Exchange(ref _healthMapped, 1) == 0;

    public IReadOnlyList<(string Name, bool Ready, string Reason, string Version)> States()
    {
        lock (_services)
        {
            return [.. _services.Select(s => { var (ready, reason, version) = s.State(); return (s.Name, ready, reason, version); })];
        }
    }
}
