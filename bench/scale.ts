export async function scale(_args: string[]): Promise<void> { throw new Error("todo"); }
