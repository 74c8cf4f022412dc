"""PyTorch side of bench/train-step: the twin of a tfjs-layers model, built from its spec.

run.ts writes <dir>/spec.json (the layers in topological order: className, config, inbound
layer names, NHWC shapes), <dir>/weights.bin (the initial weights, float32) and the data; this
file builds the same graph as an nn.Module in NCHW and loads the same weights, so the twin has
the same layers and initialisation by construction. An unknown layer class or an option this
converter does not translate raises, rather than building something else.

  /usr/bin/python3 torch_step.py serve <dir> <threads> <batch> torch|tf
      Server mode, so run.ts can interleave blocks of PyTorch steps with blocks of tfjs steps
      (the machine is shared and its load drifts): reads lines "<steps>" from stdin, runs that
      many training steps (Adam 1e-3, softmax cross-entropy, on <dir>/../x.bin and labels.bin, the
      first <batch> samples; 'tf': with TF's exact 'same' padding, see conv()),
      and answers one JSON line {"ms": [per step], "loss": last}. An empty line ends it.
  /usr/bin/python3 torch_step.py check <dir>
      One training-mode forward of <dir>/check-x.bin; writes the logits of the twin with
      TF's exact 'same' padding (check-exact.bin) and of the timed twin (check-timed.bin).
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn


class ConversionError(Exception):
    pass


def pair(v):
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def tf_same_pads(size, k, s):
    """TF's 'same' padding of one axis: (before, after); the extra pixel goes after."""
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


ACTIVATIONS = {
    "linear": nn.Identity,
    "relu": nn.ReLU,
    "relu6": nn.ReLU6,
    "sigmoid": nn.Sigmoid,
    "tanh": nn.Tanh,
    "swish": nn.SiLU,  # tfjs: x · sigmoid(x)
    "gelu": nn.GELU,  # tfjs 'gelu' is the erf form, PyTorch's default
    "gelu_new": lambda: nn.GELU(approximate="tanh"),
    "mish": nn.Mish,
    "elu": nn.ELU,
    "selu": nn.SELU,
    "softplus": nn.Softplus,
    "softsign": nn.Softsign,
    "softmax": lambda: nn.Softmax(dim=1),  # the channel axis, last in NHWC, is 1 in NCHW
}


def activation(name, layer):
    name = name or "linear"
    if name not in ACTIVATIONS:
        raise ConversionError(f"{layer}: activation {name!r} has no PyTorch twin here")
    return ACTIVATIONS[name]()


class Sum(nn.Module):
    def forward(self, *xs):
        out = xs[0]
        for x in xs[1:]:
            out = out + x
        return out


class Product(nn.Module):
    def forward(self, *xs):
        out = xs[0]
        for x in xs[1:]:
            out = out * x
        return out


class GlobalAvgPool(nn.Module):
    def forward(self, x):
        return x.mean((2, 3))


class NhwcReshape(nn.Module):
    """Keras Reshape (NHWC target) on NCHW tensors."""

    def __init__(self, in_rank, target):
        super().__init__()
        self.in_rank, self.target = in_rank, list(target)

    def forward(self, x):
        n = x.shape[0]
        if self.in_rank == 2 and len(self.target) == 3 and self.target[:2] == [1, 1]:
            return x.view(n, self.target[2], 1, 1)  # squeeze-excite's [N, C] → [N, 1, 1, C]
        if self.in_rank == 4:
            x = x.permute(0, 2, 3, 1)
        x = x.reshape(n, *self.target)
        return x.permute(0, 3, 1, 2) if len(self.target) == 3 else x


def tensor(weights, w):
    n = math.prod(w["shape"])
    return torch.from_numpy(weights[w["offset"]:w["offset"] + n].copy()).reshape(w["shape"])


def by_role(weights, spec):
    return {w["role"]: tensor(weights, w) for w in spec["weights"]}


def expect_keys(layer, ws, allowed):
    extra = set(ws) - set(allowed)
    if extra:
        raise ConversionError(f"{layer}: unexpected weights {sorted(extra)}")


def check_conv_common(name, cfg):
    if cfg.get("dataFormat", "channelsLast") != "channelsLast":
        raise ConversionError(f"{name}: dataFormat {cfg['dataFormat']}")
    if pair(cfg.get("dilationRate", 1)) != (1, 1):
        raise ConversionError(f"{name}: dilated convolutions are not converted")
    for key in ("kernelRegularizer", "biasRegularizer", "activityRegularizer", "kernelConstraint", "biasConstraint"):
        if cfg.get(key):
            raise ConversionError(f"{name}: {key} is not converted")


def conv(name, cfg, in_shape, cin, cout, groups, exact):
    """nn.Conv2d for a Keras conv: 'valid' is padding 0; 'same' (odd kernels) is PyTorch's
    symmetric padding=k//2, as a PyTorch user writes it. TF's 'same' pads k−1 in total only
    where the stride divides the input; otherwise it pads less, odd pixel after (bottom/right),
    so e.g. a stride-2 3×3 conv on 28×28 sees windows shifted by one pixel: same output shape
    and FLOPs, other edge pixels. With exact=True (run.ts --check) the twin pads exactly as TF
    does, which proves the conversion; the layer names where the two differ are returned."""
    kh, kw = pair(cfg["kernelSize"])
    sh, sw = pair(cfg["strides"])
    padding = cfg["padding"]
    use_bias = bool(cfg.get("useBias", True))
    h, w = in_shape[1], in_shape[2]
    if padding == "valid":
        return nn.Conv2d(cin, cout, (kh, kw), (sh, sw), 0, groups=groups, bias=use_bias), []
    if padding != "same":
        raise ConversionError(f"{name}: padding {padding!r}")
    if kh % 2 == 0 or kw % 2 == 0:
        raise ConversionError(f"{name}: 'same' with an even kernel has no symmetric PyTorch padding")
    pt, pb = tf_same_pads(h, kh, sh)
    pl, pr = tf_same_pads(w, kw, sw)
    differs = (pl, pr, pt, pb) != (kw // 2, kw // 2, kh // 2, kh // 2)
    if exact and differs:
        m = nn.Sequential(nn.ZeroPad2d((pl, pr, pt, pb)),
                          nn.Conv2d(cin, cout, (kh, kw), (sh, sw), 0, groups=groups, bias=use_bias))
        return m, [name]
    m = nn.Conv2d(cin, cout, (kh, kw), (sh, sw), (kh // 2, kw // 2), groups=groups, bias=use_bias)
    return m, [name] if differs else []


def conv_of(m):
    return m[-1] if isinstance(m, nn.Sequential) else m


def with_activation(m, act):
    return m if isinstance(act, nn.Identity) else nn.Sequential(m, act)


class Twin(nn.Module):
    """The spec's graph: one module (or op) per layer, run in the spec's topological order."""

    def __init__(self, spec, weights, exact_padding=False):
        super().__init__()
        self.mods = nn.ModuleDict()
        self.plan = []
        self.input, self.output = spec["input"], spec["output"]
        self.padding_differs = []
        # Layers whose output is a Flatten of an NHWC map (H, W, C): the Dense after it takes
        # its rows permuted to NCHW order, so no permute is needed at run time.
        flat = {}
        layers = {s["name"]: s for s in spec["layers"]}
        for s in spec["layers"]:
            name, cls, cfg = s["name"], s["className"], s["config"]
            ins = s["inbound"]
            in_shape = s["inputShapes"][0] if s["inputShapes"] else None
            ws = by_role(weights, s)
            for i in ins:
                if i in flat and cls not in ("Dense", "Dropout", "Activation", "ReLU"):
                    raise ConversionError(f"{name}: a {cls} after a Flatten of an NHWC map is not converted")
            if cls == "InputLayer":
                continue
            if cls == "Conv2D":
                check_conv_common(name, cfg)
                cin, cout = in_shape[3], cfg["filters"]
                m, differs = conv(name, cfg, in_shape, cin, cout, 1, exact_padding)
                expect_keys(name, ws, ("kernel", "bias"))
                with torch.no_grad():
                    conv_of(m).weight.copy_(ws["kernel"].permute(3, 2, 0, 1))
                    if conv_of(m).bias is not None:
                        conv_of(m).bias.copy_(ws["bias"])
                m = with_activation(m, activation(cfg.get("activation"), name))
            elif cls == "TricksGroupedConv2D":
                # packages/models/src/grouped-conv-2d.ts: kernel [k, k, C/g, filters]; group i
                # convolves input channels i·C/g… with output filters i·filters/g…, which is
                # PyTorch's groups layout, so the kernel permutes like a plain conv's.
                g = int(cfg["groups"])
                cin, cout = in_shape[3], cfg["filters"]
                if cin % g or cout % g:
                    raise ConversionError(f"{name}: channels not divisible by groups {g}")
                c = dict(cfg, kernelSize=cfg["kernelSize"], strides=cfg.get("strides", 1))
                m, differs = conv(name, c, in_shape, cin, cout, g, exact_padding)
                expect_keys(name, ws, ("kernel", "bias"))
                with torch.no_grad():
                    conv_of(m).weight.copy_(ws["kernel"].permute(3, 2, 0, 1))
                    if conv_of(m).bias is not None:
                        conv_of(m).bias.copy_(ws["bias"])
            elif cls == "DepthwiseConv2D":
                check_conv_common(name, cfg)
                if cfg.get("depthwiseRegularizer") or cfg.get("depthwiseConstraint"):
                    raise ConversionError(f"{name}: depthwise regularizer/constraint is not converted")
                cin, mult = in_shape[3], int(cfg.get("depthMultiplier", 1))
                m, differs = conv(name, cfg, in_shape, cin, cin * mult, cin, exact_padding)
                expect_keys(name, ws, ("depthwise_kernel", "bias"))
                k = ws["depthwise_kernel"]  # [kh, kw, C, mult]; output channel c·mult + q
                kh, kw = k.shape[0], k.shape[1]
                with torch.no_grad():
                    conv_of(m).weight.copy_(k.reshape(kh, kw, cin * mult).permute(2, 0, 1).unsqueeze(1))
                    if conv_of(m).bias is not None:
                        conv_of(m).bias.copy_(ws["bias"])
                m = with_activation(m, activation(cfg.get("activation"), name))
            elif cls == "BatchNormalization":
                rank = len(in_shape)
                if cfg.get("axis", -1) not in (-1, rank - 1):
                    raise ConversionError(f"{name}: BatchNormalization over axis {cfg['axis']}")
                center, scale = cfg.get("center", True), cfg.get("scale", True)
                if center != scale:
                    raise ConversionError(f"{name}: center={center}, scale={scale} (PyTorch's affine is both or neither)")
                c = in_shape[-1]
                bn = nn.BatchNorm2d if rank == 4 else nn.BatchNorm1d
                # Keras: moving = m·moving + (1 − m)·batch; PyTorch: (1 − p)·running + p·batch.
                m = bn(c, eps=cfg["epsilon"], momentum=1 - cfg["momentum"], affine=bool(scale))
                expect_keys(name, ws, ("gamma", "beta", "moving_mean", "moving_variance"))
                with torch.no_grad():
                    if scale:
                        m.weight.copy_(ws["gamma"])
                        m.bias.copy_(ws["beta"])
                    m.running_mean.copy_(ws["moving_mean"])
                    m.running_var.copy_(ws["moving_variance"])
            elif cls == "ReLU":
                mx = cfg.get("maxValue")
                if cfg.get("negativeSlope") or cfg.get("threshold"):
                    raise ConversionError(f"{name}: ReLU with negativeSlope/threshold is not converted")
                m = nn.ReLU() if mx is None else nn.ReLU6() if mx == 6 else nn.Hardtanh(0.0, float(mx))
            elif cls == "Activation":
                m = activation(cfg["activation"], name)
            elif cls == "Add":
                m = Sum()
            elif cls == "Multiply":
                m = Product()
            elif cls == "GlobalAveragePooling2D":
                if cfg.get("dataFormat", "channelsLast") != "channelsLast" or cfg.get("keepDims"):
                    raise ConversionError(f"{name}: GlobalAveragePooling2D options {cfg}")
                m = GlobalAvgPool()
            elif cls == "MaxPooling2D":
                k = pair(cfg["poolSize"])
                st = pair(cfg.get("strides") or cfg["poolSize"])
                if cfg.get("padding", "valid") == "same":
                    pads = tf_same_pads(in_shape[1], k[0], st[0]) + tf_same_pads(in_shape[2], k[1], st[1])
                    if any(pads):
                        raise ConversionError(f"{name}: MaxPooling2D 'same' with padding {pads}")
                m = nn.MaxPool2d(k, st)
            elif cls == "Flatten":
                m = nn.Flatten()
                if len(in_shape) == 4:
                    flat[name] = tuple(in_shape[1:])
            elif cls == "Reshape":
                if ins[0] in flat:
                    raise ConversionError(f"{name}: Reshape of a Flatten")
                m = NhwcReshape(len(in_shape), cfg["targetShape"])
            elif cls == "Dropout":
                if cfg.get("noiseShape"):
                    raise ConversionError(f"{name}: Dropout noiseShape")
                m = nn.Dropout(cfg["rate"])
            elif cls == "Dense":
                if len(in_shape) != 2:
                    raise ConversionError(f"{name}: Dense on a rank-{len(in_shape)} input")
                expect_keys(name, ws, ("kernel", "bias"))
                kernel = ws["kernel"]  # [in, units]
                src = ins[0]
                if src in flat:
                    fh, fw, fc = flat[src]
                    # Keras flattens NHWC rows as (h·W + w)·C + c; PyTorch NCHW as c·H·W + h·W + w.
                    kernel = kernel.reshape(fh, fw, fc, -1).permute(2, 0, 1, 3).reshape(fh * fw * fc, -1)
                lin = nn.Linear(kernel.shape[0], cfg["units"], bias=bool(cfg.get("useBias", True)))
                with torch.no_grad():
                    lin.weight.copy_(kernel.t())
                    if lin.bias is not None:
                        lin.bias.copy_(ws["bias"])
                m = with_activation(lin, activation(cfg.get("activation"), name))
            else:
                raise ConversionError(f"{name}: layer class {cls} has no PyTorch twin here")
            if cls in ("Conv2D", "TricksGroupedConv2D", "DepthwiseConv2D"):
                self.padding_differs += differs
            if cls not in ("Dense", "Conv2D", "TricksGroupedConv2D", "DepthwiseConv2D", "BatchNormalization") and ws:
                raise ConversionError(f"{name}: {cls} with weights {sorted(ws)}")
            # Flatten order passes through element-wise layers to the Dense that reads it.
            if cls in ("Dropout", "Activation", "ReLU") and ins[0] in flat:
                flat[name] = flat[ins[0]]
            for i in ins:
                if i not in layers:
                    raise ConversionError(f"{name}: inbound {i} is not in the spec")
            self.mods[name] = m
            self.plan.append((name, ins))

    def forward(self, x):
        values = {self.input: x}
        for name, ins in self.plan:
            values[name] = self.mods[name](*[values[i] for i in ins])
        return values[self.output]


def load(d):
    with open(os.path.join(d, "spec.json")) as f:
        spec = json.load(f)
    weights = np.fromfile(os.path.join(d, "weights.bin"), dtype="<f4")
    if weights.size != spec["floats"]:
        raise ConversionError(f"weights.bin has {weights.size} floats, the spec says {spec['floats']}")
    return spec, weights


def nchw(file, shape):
    x = np.fromfile(file, dtype="<f4").reshape(shape)
    return torch.from_numpy(x).permute(0, 3, 1, 2).contiguous()


def check_shapes(spec, twin, x):
    """Runs the twin layer by layer and compares every output's shape with the spec's (NHWC)."""
    values = {twin.input: x}
    want = {s["name"]: s["outputShape"] for s in spec["layers"]}
    for name, ins in twin.plan:
        y = twin.mods[name](*[values[i] for i in ins])
        values[name] = y
        shape = list(y.shape[1:])
        nhwc = [shape[1], shape[2], shape[0]] if len(shape) == 3 else shape
        if nhwc != want[name][1:]:
            raise ConversionError(f"{name}: twin output {nhwc}, tfjs {want[name][1:]}")
    return values[twin.output]


def check(d):
    spec, weights = load(d)
    with open(os.path.join(d, "check.json")) as f:
        shape = json.load(f)["shape"]
    x = nchw(os.path.join(d, "check-x.bin"), shape)
    out = {"model": spec["model"]}
    for label, exact in (("exact", True), ("timed", False)):
        torch.manual_seed(0)
        twin = Twin(spec, weights, exact_padding=exact)
        twin.train()
        for m in twin.modules():
            if isinstance(m, nn.Dropout):
                m.p = 0.0  # random either side; the tfjs forward skips its Dropout layers too
        with torch.no_grad():
            logits = check_shapes(spec, twin, x)
        logits.numpy().astype("<f4").tofile(os.path.join(d, f"check-{label}.bin"))
        out["paddingDiffers"] = twin.padding_differs
    out["params"] = sum(p.numel() for p in twin.parameters())
    out["buffers"] = sum(b.numel() for n, b in twin.named_buffers() if not n.endswith("num_batches_tracked"))
    print(json.dumps(out), flush=True)


def serve(d, threads, size, padding):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    spec, weights = load(d)
    with open(os.path.join(d, "..", "data.json")) as f:
        shape = json.load(f)["shape"]
    x = nchw(os.path.join(d, "..", "x.bin"), shape)[:size].contiguous()
    y = torch.from_numpy(np.fromfile(os.path.join(d, "..", "labels.bin"), dtype="<i4").astype(np.int64))[:size]
    model = Twin(spec, weights, exact_padding=padding == "tf")
    model.eval()  # eval: this shape check must not move the BN statistics
    with torch.no_grad():
        check_shapes(spec, model, x[:2])  # the timed twin's shapes are tfjs's, layer by layer
    model.train()
    # tf.train.adam(1e-3): β 0.9/0.999, ε 1e-7 (PyTorch's default ε is 1e-8).
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    print(json.dumps({"ready": True, "threads": torch.get_num_threads(),
                      "params": sum(p.numel() for p in model.parameters())}), flush=True)
    loss = None
    for line in sys.stdin:
        if not line.strip():
            break
        times = []
        for _ in range(int(line)):
            t0 = time.perf_counter()
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            loss.item()
            times.append((time.perf_counter() - t0) * 1000)
        print(json.dumps({"ms": times, "loss": None if loss is None else loss.item()}), flush=True)


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "serve" and len(sys.argv) == 6 and sys.argv[5] in ("torch", "tf"):
        serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5])
    elif mode == "check" and len(sys.argv) == 3:
        check(sys.argv[2])
    else:
        sys.exit("usage: torch_step.py serve <dir> <threads> <batch> torch|tf | check <dir>")


if __name__ == "__main__":
    main()
