/**
 * Latent-diffusion model packs in the diffusers ONNX layout: what a pack is and whether it can run
 * ({@link genshot.diffusion.PackReport}), the user's folder of packs and the generators made from them
 * ({@link genshot.diffusion.ModelPacks}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package genshot.diffusion;
