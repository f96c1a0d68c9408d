#!/usr/bin/python3
"""Drives plc's Modbus TCP server with pymodbus for every function code (1, 2, 3, 4, 5, 6, 15, 16, 23) and the
exception responses, against the program of ModbusPeerTests.PeersProgram. Run with Debian's /usr/bin/python3:
    pymodbus_client.py PORT
Prints one line per check and 'PYMODBUS OK' at the end; exits 1 at the first wrong answer."""
import sys
import time
from pymodbus.client import ModbusTcpClient

port = int(sys.argv[1])
client = ModbusTcpClient("127.0.0.1", port=port, timeout=5)
if not client.connect():
    print("cannot connect")
    sys.exit(1)
checks = 0


def check(what, got, expected):
    global checks
    checks += 1
    if got != expected:
        print(f"FAIL {what}: got {got!r}, expected {expected!r}")
        sys.exit(1)
    print(f"ok   {what}: {got!r}")


def ok(response, what):
    if response.isError():
        print(f"FAIL {what}: exception response {response!r}")
        sys.exit(1)
    return response


def exception_code(response):
    return getattr(response, "exception_code", None) if response.isError() else None


# FC5 write single coil, FC1 read coils. The program sets coil 16 (%QX2.0) to NOT coil 0 (%QX0.0).
ok(client.write_coil(0, True), "FC5")
check("FC1 coils 0..16 after coil 0 := TRUE", ok(client.read_coils(0, 17), "FC1").bits[:17],
      [True] + [False] * 15 + [False])
ok(client.write_coil(0, False), "FC5")
check("FC1 coil 16 = NOT coil 0", ok(client.read_coils(16, 1), "FC1").bits[0], True)

# FC15 write multiple coils; FC2 read discrete inputs: input 0 (%IX0.0) is TRUE, input 9 (%IX1.1) = coil 1.
pattern = [True, True, False, False, True, False, True, False, False, True]
ok(client.write_coils(0, pattern), "FC15")
check("FC1 coils 0..9 after FC15", ok(client.read_coils(0, 10), "FC1").bits[:10], pattern)
check("FC2 inputs 0..9", ok(client.read_discrete_inputs(0, 10), "FC2").bits[:10],
      [True, False, False, False, False, False, False, False, False, True])

# FC6 and FC16; FC3: register 10 (%QW10) = register 0 + register 1, 11 = 16#1234, 12 counts scans.
ok(client.write_register(0, 1000), "FC6")
ok(client.write_registers(1, [234]), "FC16")
regs = ok(client.read_holding_registers(10, 2), "FC3").registers
check("FC3 registers 10, 11", regs, [1234, 0x1234])
first = ok(client.read_holding_registers(12, 1), "FC3").registers[0]
time.sleep(0.05)
second = ok(client.read_holding_registers(12, 1), "FC3").registers[0]
check("FC3 register 12 counts scans", (second - first) % 65536 > 0, True)

# Big-endian on the wire: 0x0102 written is 258 read back.
ok(client.write_register(2, 0x0102), "FC6")
check("FC3 register 2 round trip", ok(client.read_holding_registers(2, 1), "FC3").registers, [258])

# FC4 input registers: %IW0 = 16#ABCD, %IW1 = the sum, %IW2 undeclared by the program's writes = 0, %IW3 = 7.
check("FC4 input registers 0..3", ok(client.read_input_registers(0, 4), "FC4").registers, [0xABCD, 1234, 0, 7])

# %MW: holding registers from 1024. The program sets %MW10 (register 1034) to 2 * %MW0 (register 1024).
ok(client.write_registers(1024, [21, 22]), "FC16")
check("FC3 register 1034 = 2 * register 1024", ok(client.read_holding_registers(1034, 1), "FC3").registers, [42])
check("FC3 registers 1024, 1025", ok(client.read_holding_registers(1024, 2), "FC3").registers, [21, 22])

# FC23: the write is applied (and scanned) before the read: register 10 is the new sum.
r = ok(client.readwrite_registers(read_address=10, read_count=1, write_address=0, write_registers=[40000, 2000]), "FC23")
check("FC23 read after write: register 10 = 40000 + 2000", r.registers, [42000])

# Exceptions.
check("FC3 register 2048: illegal data address", exception_code(client.read_holding_registers(2048, 1)), 2)
check("FC3 registers 2040..2049: illegal data address", exception_code(client.read_holding_registers(2040, 10)), 2)
check("FC4 register 1024: illegal data address", exception_code(client.read_input_registers(1024, 1)), 2)
check("FC1 2001 coils: illegal data value", exception_code(client.read_coils(0, 2001)), 3)
check("FC3 126 registers: illegal data value", exception_code(client.read_holding_registers(0, 126)), 3)
check("FC5 coil 8192: illegal data address", exception_code(client.write_coil(8192, True)), 2)
check("FC2 input 8191 is the last", ok(client.read_discrete_inputs(8191, 1), "FC2").bits[0], False)

client.close()
print(f"PYMODBUS OK ({checks} checks)")
