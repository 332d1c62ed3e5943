/**
 * One notebook's end of the comm with its kernel's %%codegen (see protocol.ts). Without this
 * extension the kernel falls back to set_next_input and the output's data.
 */
import { ISessionContext } from '@jupyterlab/apputils';
import { NotebookPanel } from '@jupyterlab/notebook';
import { Kernel, KernelMessage } from '@jupyterlab/services';
import { IDisposable } from '@lumino/disposable';

import { applyCells } from './cells';
import { PROTOCOL, ProtocolError, TARGET, errorReply, hello, parseKernelMessage } from './protocol';

export class Bridge implements IDisposable {
  private comm: Kernel.IComm | null = null;
  private kernel: Kernel.IKernelConnection | null = null;
  private _disposed = false;

  constructor(
    private panel: NotebookPanel,
    private version: string
  ) {
    const context = panel.sessionContext;
    context.kernelChanged.connect(this.onKernel, this);
    void context.ready.then(() => this.onKernel(context));
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** True once the kernel's %%codegen has said hello on the comm. */
  get connected(): boolean {
    return this.comm !== null && !this.comm.isDisposed;
  }

  dispose(): void {
    if (this._disposed) {
      return;
    }
    this._disposed = true;
    this.panel.sessionContext.kernelChanged.disconnect(this.onKernel, this);
    this.forget();
  }

  private forget(): void {
    if (this.kernel !== null && !this.kernel.isDisposed) {
      this.kernel.removeCommTarget(TARGET, this.adopt);
    }
    this.kernel = null;
    this.comm = null;
  }

  private onKernel(context: ISessionContext): void {
    this.forget();
    const kernel = context.session?.kernel ?? null;
    if (kernel === null || this._disposed) {
      return;
    }
    this.kernel = kernel;
    kernel.registerCommTarget(TARGET, this.adopt);
    void this.rejoin(kernel);
  }

  /** After a page reload the kernel may already run %%codegen: open a comm to it then. */
  private async rejoin(kernel: Kernel.IKernelConnection): Promise<void> {
    try {
      const reply = await kernel.requestCommInfo({ target_name: TARGET });
      const comms = reply.content.status === 'ok' ? reply.content.comms : {};
      if (Object.keys(comms).length === 0 || kernel !== this.kernel || this.connected) {
        return;
      }
      const comm = kernel.createComm(TARGET);
      this.listen(comm);
      comm.open(hello(this.version));
    } catch (error) {
      console.warn('jupyter-codegen: could not ask the kernel for its comms', error);
    }
  }

  /** The kernel opened the comm (at %load_ext jupyter_codegen): answer its hello. */
  private adopt = (comm: Kernel.IComm, msg: KernelMessage.ICommOpenMsg): void => {
    this.listen(comm);
    this.handle(comm, msg.content.data);
  };

  private listen(comm: Kernel.IComm): void {
    comm.onMsg = msg => this.handle(comm, msg.content.data);
    comm.onClose = () => {
      if (this.comm === comm) {
        this.comm = null;
      }
    };
  }

  private handle(comm: Kernel.IComm, data: unknown): void {
    try {
      const msg = parseKernelMessage(data);
      if (msg.type === 'hello') {
        this.comm = comm;
        if (comm.commId && (data as { reply?: boolean }).reply !== true) {
          comm.send({ ...hello(this.version), reply: true });
        }
        return;
      }
      const model = this.panel.content.model;
      if (model === null) {
        throw new ProtocolError('the notebook has no model yet');
      }
      const applied = applyCells(model, msg);
      comm.send({ protocol: PROTOCOL, type: 'applied', session: msg.session, ...applied });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`jupyter-codegen: ${message}`);
      if (!comm.isDisposed) {
        comm.send(errorReply(message));
      }
    }
  }
}
