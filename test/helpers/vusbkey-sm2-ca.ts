// Where a virtual-key home keeps its SM2 test CA certificate (made by the first SM2 key's init).
export { sm2CaCertificatePath } from '../../native/vusbkey/control/paths';
