/**
 * assembly/f32.ts's `gemmNT32` compiled once more against an imported, shared WebAssembly.Memory (threads feature),
 * for src/blas/sharedRowProducts32.ts: the threads of an NTK Gram matrix (ntk's `gramAsync`) read one copy of A in
 * place instead of copying it into a memory of their own each. The arithmetic is f32.ts's, instruction for
 * instruction: only the memory is different.
 */
export { gemmNT32 } from './f32';
