using System;
using System.IO;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Churn;
using MlAsCode;

// `dotnet run -- serve [--urls ...]` serves the trained LightGBM model (training it first when there is none);
// without it, the whole lifecycle runs: brief, data, features, experiments, evaluation, model cards.
if (args is ["serve", .. var serveArgs])
{
    return await ChurnServer.RunAsync(serveArgs);
}

return await ChurnLifecycle.RunAsync(args);
