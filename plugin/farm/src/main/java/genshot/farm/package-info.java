/**
 * Running a shot plan on a scheduler a studio already has: Slurm job arrays ({@code genshot farm slurm}) and
 * Kubernetes Indexed Jobs ({@code genshot farm k8s}). Each task of the array (each completion index) runs
 * {@code genshot render PLAN_DIR --shard I/N}; genshot keeps no queue of its own.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package genshot.farm;
