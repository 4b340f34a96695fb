using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace MlAsCode.Training.Torch;

/// <summary>
/// Adam (Kingma and Ba, 2015) with L2 weight decay added to the gradient, as <c>torch.optim.Adam</c>.
/// </summary>
/// <remarks>
/// Written here instead of using TorchSharp's <c>optim.Adam</c> because that one passes its coefficients as implicit
/// <see cref="Scalar"/> temporaries: once the native handle has been read nothing references the managed object, so a
/// garbage collection during the native call can run its finalizer and free the scalar while libtorch reads it. Under
/// allocation pressure (a CI run with other tests in parallel) that surfaced as a sporadic "Expected false to be true"
/// from <c>c10::Scalar::toFloat</c> inside <c>addcdiv_</c>. Here every scalar is a local held until the step ends.
/// </remarks>
internal sealed class AdamOptimizer : IDisposable
{
    private readonly List<(TorchSharp.Modules.Parameter Parameter, Tensor Mean, Tensor Square)> _state;
    private readonly double _learningRate;
    private readonly double _weightDecay;
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private long _step;

    public AdamOptimizer(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double weightDecay)
    {
        (_learningRate, _weightDecay) = (learningRate, weightDecay);
        _state = [.. parameters.Select(p => (p, zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope()))];
    }

    public void ZeroGrad()
    {
        foreach (var (parameter, _, _) in _state)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    public void Step()
    {
        _step++;
        var correction1 = 1 - Math.Pow(Beta1, _step);
        var correction2 = 1 - Math.Pow(Beta2, _step);
        using var beta1 = Beta1.ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        using var decay = _weightDecay.ToScalar();
        using var rootCorrection2 = Math.Sqrt(correction2).ToScalar();
        using var epsilon = Epsilon.ToScalar();
        using var stepSize = (-_learningRate / correction1).ToScalar();
        using var one = 1.0.ToScalar(); // add_(Scalar) alone would pass an implicit alpha of 1 as a temporary
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (parameter, mean, square) in _state)
        {
            var grad = parameter.grad;
            if (grad is null)
            {
                continue;
            }

            if (_weightDecay != 0)
            {
                grad = grad.add(parameter, alpha: decay);
            }

            mean.mul_(beta1).add_(grad, alpha: oneMinusBeta1);
            square.mul_(beta2).addcmul_(grad, grad, value: oneMinusBeta2);
            var denominator = square.sqrt().div_(rootCorrection2).add_(epsilon, alpha: one);
            parameter.addcdiv_(mean, denominator, value: stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var (_, mean, square) in _state)
        {
            mean.Dispose();
            square.Dispose();
        }
    }
}
