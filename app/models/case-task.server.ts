import mongoose, { Schema } from "mongoose";

export const TASK_KINDS = ["visit", "neighbour_statement"] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_OUTCOMES = ["confirmed", "not_confirmed", "inconclusive"] as const;
export type TaskOutcome = (typeof TASK_OUTCOMES)[number];

/**
 * A field check (visit, neighbour statement) an officer hands to a community
 * officer. Instructions and report text are sealed in the case document.
 */
const CaseTaskSchema = new Schema(
  {
    caseId: { type: String, required: true },
    office: { type: String, required: true },
    kind: { type: String, enum: TASK_KINDS, required: true },
    assignedTo: { type: String, required: true },
    assignedBy: { type: String, required: true },
    assignedAt: { type: Date, required: true },
    dueAt: { type: Date, default: null },
    status: { type: String, enum: ["open", "reported"], default: "open" },
    instructionsCommitment: { type: String, default: null },
    reportCommitment: { type: String, default: null },
    outcome: { type: String, enum: [...TASK_OUTCOMES, null], default: null },
    reportedAt: { type: Date, default: null },
    evidenceItemId: { type: String, default: null },
  },
  { versionKey: false },
);
CaseTaskSchema.index({ assignedTo: 1, status: 1 });
CaseTaskSchema.index({ caseId: 1 });
export const CaseTask = mongoose.models.CaseTask ?? mongoose.model("CaseTask", CaseTaskSchema);

export type CaseTaskDoc = {
  _id: mongoose.Types.ObjectId;
  caseId: string;
  office: string;
  kind: TaskKind;
  assignedTo: string;
  assignedBy: string;
  assignedAt: Date;
  dueAt: Date | null;
  status: "open" | "reported";
  instructionsCommitment: string | null;
  reportCommitment: string | null;
  outcome: TaskOutcome | null;
  reportedAt: Date | null;
  evidenceItemId: string | null;
};

export async function listCaseTasks(caseId: string): Promise<CaseTaskDoc[]> {
  return CaseTask.find({ caseId }).sort({ assignedAt: 1 }).lean<CaseTaskDoc[]>();
}

/** The tasks of one community officer: the only way they reach a case. */
export async function listTasksAssignedTo(userId: string): Promise<CaseTaskDoc[]> {
  return CaseTask.find({ assignedTo: userId }).sort({ status: 1, assignedAt: -1 }).limit(200).lean<CaseTaskDoc[]>();
}

export async function getTaskAssignedTo(userId: string, taskId: string): Promise<CaseTaskDoc | null> {
  if (!mongoose.isValidObjectId(taskId)) return null;
  const task = await CaseTask.findById(taskId).lean<CaseTaskDoc>();
  return task && task.assignedTo === userId ? task : null;
}

export async function getTask(taskId: string): Promise<CaseTaskDoc | null> {
  if (!mongoose.isValidObjectId(taskId)) return null;
  return CaseTask.findById(taskId).lean<CaseTaskDoc>();
}
