package dev.repurchase.jobs.state;

import static dev.repurchase.jobs.state.StateFormat.readLong;
import static dev.repurchase.jobs.state.StateFormat.writeLong;

import dev.repurchase.common.predict.BgNbd;
import dev.repurchase.common.predict.GammaGamma;
import dev.repurchase.common.predict.PredictionModel;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A fit of the prediction models (the prediction fit's latest model, the customer operator's
 * broadcast state, the stream between them). Version 1: fitted at, customers, r, alpha, a, b,
 * log-likelihood, whether Gamma-Gamma is known, then p, q, gamma.
 */
public final class PredictionModelSerializer extends VersionedSerializer<PredictionModel> {

    private static final long serialVersionUID = 1L;
    public static final int VERSION = 1;
    public static final PredictionModelSerializer INSTANCE = new PredictionModelSerializer(VERSION);

    private PredictionModelSerializer(int readVersion) {
        super(readVersion);
    }

    @Override
    public int currentVersion() {
        return VERSION;
    }

    @Override
    public Class<PredictionModel> typeClass() {
        return PredictionModel.class;
    }

    @Override
    protected PredictionModelSerializer readingVersion(int version) {
        return new PredictionModelSerializer(version);
    }

    @Override
    public PredictionModel createInstance() {
        return new PredictionModel(0, 0, new BgNbd(1, 1, 1, 1), 0, null);
    }

    @Override
    protected void write(PredictionModel m, DataOutputView out) throws IOException {
        writeLong(out, m.fittedAt());
        writeLong(out, m.customers());
        out.writeDouble(m.bgNbd().r());
        out.writeDouble(m.bgNbd().alpha());
        out.writeDouble(m.bgNbd().a());
        out.writeDouble(m.bgNbd().b());
        out.writeDouble(m.logLikelihood());
        GammaGamma gg = m.gammaGamma();
        out.writeBoolean(gg != null);
        if (gg != null) {
            out.writeDouble(gg.p());
            out.writeDouble(gg.q());
            out.writeDouble(gg.gamma());
        }
    }

    @Override
    protected PredictionModel read(DataInputView in, int version) throws IOException {
        long fittedAt = readLong(in);
        long customers = readLong(in);
        BgNbd bgNbd = new BgNbd(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
        double logLikelihood = in.readDouble();
        GammaGamma gg =
                in.readBoolean()
                        ? new GammaGamma(in.readDouble(), in.readDouble(), in.readDouble())
                        : null;
        return new PredictionModel(fittedAt, customers, bgNbd, logLikelihood, gg);
    }

    @Override
    public Snapshot snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends VersionedSnapshot<PredictionModel> {
        public Snapshot() {
            super(INSTANCE);
        }
    }
}
