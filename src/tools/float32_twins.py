"""Writes the float32 kernels from their float64 twins (run from anywhere: python3 src/tools/float32_twins.py).

JavaKernel64, LeakyKernel64, GruKernel64 and LstmKernel64 are the source; JavaKernel, LeakyKernel,
GruKernel and LstmKernel are made from them: double -> float and the class names, plus the few
places where float32 differs on purpose (listed below: the design notes in JavaKernel's header,
FloatMath's tanh and sigma, the Vector API's sigma, tanh and gate activation with their scratch
rows, the loss summed in double, no diagnostics-only methods). Edit the float64 files, run this,
and check the diff; JavaKernelTest compares the two precisions' results.
"""
import os
import re

d = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'main', 'java', 'org', 'timescalelab', 'nn') + os.sep
def conv(s):
    s=re.sub(r'\bdouble\b','float',s)
    for a,b in [('DoublePointer','FloatPointer'),('NioViews.of64','NioViews.of'),('DoubleBuffer','FloatBuffer'),('VectorRows64','VectorRows'),('JavaKernel64','JavaKernel'),('LeakyKernel64','LeakyKernel'),('GruKernel64','GruKernel'),('LstmKernel64','LstmKernel')]:
        s=s.replace(a,b)
    return s
# base
s=conv(open(d+'JavaKernel64.java').read())
a=s.index('/**\n * A whole forward')
b=s.index('abstract class JavaKernel implements')
s=s[:a]+'''/**
 * A whole forward and backward pass of a recurrent network in plain Java, float32, shared by the
 * five architectures: a subclass per cell ({@link LeakyKernel} for CONST_GATE, SHARED_GATE and
 * DIAG_GATE, {@link GruKernel}, {@link LstmKernel}) writes only the cell's pointwise steps and
 * says which products they need; the input projections, the time loop, the recurrent products,
 * the readout and loss, the weight gradients, the transfer to and from ND4J and the split over
 * threads ({@link KernelThreads}) are here. {@link JavaKernel64} is the float64 twin, line for
 * line with {@code double} for {@code float}: Java has no generics over primitives, so the
 * float32 files are written from the float64 ones by {@code src/tools/float32_twins.py} (edit
 * those, then run it). Not thread-safe: one kernel per workspace, used by its network's thread.
 *
 * <p>Implementation notes. A training step is T small steps, each a B×H by H×R product and a few
 * element-wise maps; through ND4J each of these is an op whose Java-side set-up (op objects,
 * shape descriptors, buffer wrappers) costs several microseconds and allocates, and at H = 32
 * that set-up, not arithmetic, took 80% of the step (bench/profile.sh). Here every matrix row is
 * its own {@code float[]}, and every product, the recurrent ones and the weight gradients alike,
 * is one routine ({@link #product}): row updates {@code out[j] += a·m[k][j]} over eight rows at
 * once, in column strips that stay in the L1 cache while every row block passes over them. In
 * the steady state a pass allocates nothing. With the Vector API ({@link VectorRows}, when the
 * JVM has its module) the products are register-blocked fused multiply-adds, bit for bit the
 * same sums as the scalar loops used without it; tanh and σ come from {@link FloatMath}'s exp,
 * built from basic IEEE operations, in the vector and the scalar path alike. Not the Vector
 * API's own exp: it is an intrinsic only once C2 has compiled the loop and its interpreted
 * fallback rounds differently, so a run would depend on when the JIT kicked in (seen here: sweep
 * rows differing in the 13th digit between one and two runs at once). Every output element is
 * summed by one thread in a fixed order, so results do not depend on the thread count. The tests
 * compare this path with the float64 path, whose gradient is checked against finite differences,
 * and with the ND4J ops ({@code timescalelab.kernel=nd4j}).
 *
 * <p>Length: about 580 lines: written from JavaKernel64 line for line (see above), so the two
 * files stay alike; the pass, its gradients and the product belong together in both.
 */
'''+s[b:]
s=s.replace('''    static final int BLOCK = JavaKernel.BLOCK;

    private static final boolean VECTOR = JavaKernel.VECTOR;
''','''    static final int BLOCK = 8;

    /**
     * Whether the products use the Vector API: its module is in the boot layer (started with
     * {@code --add-modules jdk.incubator.vector}) and {@code timescalelab.kernel} is not {@code scalar}.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty("timescalelab.kernel"));
''')
s=re.sub(r'    static float tanh\(float v\) \{.*?\n    \}\n\n    static float sigmoid\(float v\) \{.*?\n    \}\n','''    static float tanh(float v) {
        return FloatMath.tanh(v);
    }

    static float sigmoid(float v) {
        return FloatMath.sigmoid(v);
    }
''',s,flags=re.S)
s=s.replace('return 0.5 * sumSquares / ((float) batch * ws.targetSteps);','return 0.5 * sumSquares / ((double) batch * ws.targetSteps);')
s=s.replace('public final float forward()','public final double forward()').replace('        float loss = readout();','        double loss = readout();')
s=s.replace('private float readout()','private double readout()')
s=s.replace('        float sumSquares = 0;','        double sumSquares = 0;')
s=s.replace('        float scale = 1.0 / ((float) batch * ws.targetSteps);','        float scale = (float) (1.0 / ((double) batch * ws.targetSteps));')
s=s.replace('readoutBack(from, real(to), 1.0 / ((float) batch * ws.targetSteps));','readoutBack(from, real(to), (float) (1.0 / ((double) batch * ws.targetSteps)));')
s=s.replace('return 0.5 * sumSquares / ((float) batch * ws.targetSteps);','return 0.5 * sumSquares / ((double) batch * ws.targetSteps);')
s=s.replace('''    /** σ in place over a[from, to), a row of batch row b. */
    final void sigmoid(float[] a, int from, int to, int b) {
        for (int i = from; i < to; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    /** tanh in place over a[from, to), a row of batch row b. */
    final void tanh(float[] a, int from, int to, int b) {
        for (int i = from; i < to; i++) {
            a[i] = tanh(a[i]);
        }
    }''','''    /** σ in place over a[from, to), a row of batch row b (whose scratch row the Vector API path uses). */
    final void sigmoid(float[] a, int from, int to, int b) {
        if (VECTOR) {
            VectorRows.sigmoid(a, from, to, scratch[b]);
            return;
        }
        for (int i = from; i < to; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    /** tanh in place over a[from, to), a row of batch row b (whose scratch row the Vector API path uses). */
    final void tanh(float[] a, int from, int to, int b) {
        if (VECTOR) {
            VectorRows.tanh(a, from, to, scratch[b]);
            return;
        }
        for (int i = from; i < to; i++) {
            a[i] = tanh(a[i]);
        }
    }''')
s=s.replace('''    private final KernelThreads.Rows forwardRows = this::forwardRows;''','''    /** Per batch row, scratch for the Vector API's σ and tanh. */
    private final float[][] scratch;
    private final KernelThreads.Rows forwardRows = this::forwardRows;''')
s=s.replace('''        this.parts = new Block[parts.length];''','''        int widest = 0;
        for (KernelPart p : parts) {
            widest = Math.max(widest, (int) p.act().columns());
        }
        scratch = new float[padded][widest];
        this.parts = new Block[parts.length];''')
open(d+'JavaKernel.java','w').write(s)

s=conv(open(d+'LeakyKernel64.java').read())
s=s.replace('"Architectures") in float64, the twin of {@link LeakyKernel}','"Architectures") in float32 (twin: {@link LeakyKernel64})')
i=s.index('    /**\n     * The forward-mode tangent')
s=s[:i].rstrip()+"\n}\n"
s=s.replace('''    private final float constantGate;
''','''    private final float constantGate;
    private final float[][] expScratch;
''')
s=s.replace('LeakyKernel(Workspace ws, RecurrentNet net, KernelPart part, int gateRows, float constantGate)','LeakyKernel(Workspace ws, RecurrentNet net, KernelPart part, int gateRows, double constantGate)')
s=s.replace('''        this.constantGate = constantGate;
    }''','''        this.constantGate = (float) constantGate;
        this.expScratch = new float[2 * padded][width];
    }''')
s=s.replace('''            if (gateRows == width) {
                for (int q = 0; q < width; q++) {
                    activateOne(x, p, n, width, q);
                }
''','''            if (gateRows == width && VECTOR) {
                VectorRows.activate(x, p, n, width, expScratch[2 * b], expScratch[2 * b + 1]);
            } else if (gateRows == width) {
                for (int q = 0; q < width; q++) {
                    activateOne(x, p, n, width, q);
                }
''')
s=s.replace('\nimport org.nd4j.linalg.api.ndarray.INDArray;\n','')
s=s.replace('package org.timescalelab.nn;\n\n\n','package org.timescalelab.nn;\n\n')
open(d+'LeakyKernel.java','w').write(s)
for n in ['GruKernel','LstmKernel']:
    s=conv(open(d+n+'64.java').read())
    s=s.replace('in float64, the twin of {@link %s}'%n,'in float32 (twin: {@link %s64})'%n)
    open(d+n+'.java','w').write(s)
